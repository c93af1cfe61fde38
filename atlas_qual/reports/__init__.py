"""Word reports: the DMOP evaluation report, the workshop results report and the learning-workshop handout.

Each report is built in two steps: the store gathers a frozen data object (``atlas_qual.store.report_data``), and a
builder here turns it into a .docx from a template in ``templates/``. python-docx and matplotlib are imported only
inside the functions that write a document or draw a chart.
"""
