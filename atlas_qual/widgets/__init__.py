"""ipywidgets composites for the Voila apps: the only package that imports IPython/ipywidgets."""
