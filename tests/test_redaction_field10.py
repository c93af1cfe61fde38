"""Redaction cases a red team left open (round 10). First what round 9 left: a house told in Guaraní or jopara with its
landmark before the postposition ("hóga hovy oĩva kapilla rovái"), a house told by its colour and its corner ("la casa
azul de la esquina"; "la casa de la esquina" and "una casa azul" stay), a CPF written with a slash, a second surname's
initial after a listed name ("Liliana R. Martínez V."), a Western Union "número de control". Then genres not tried
before: a court sentence (birth date after the place of birth, the victim's initials), a forensic report (medical record,
ward bed, the doctor's registration), a school's class list (enrolment numbers), a social worker's home visit, an NGO's
case list exported to CSV (nicknames and phones in their columns, hidden without the names list), an English TIP report,
a phone's call and SMS log (IMEI, ICCID), recruitment ads on Facebook, motorcycle plates and indigenous communities
(community names stay, people go). Each text seeds identifiers (hidden with and without the project's names list, or
with it for names) and traps that must stay word for word."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact
from redteam import Cases, genre_test

# what an evaluator would list for these texts: the accused, victims, relatives, officials; nicknames that are also
# words listed as capitalised ("Chipa", "Tito", "Gringo")
NAMES = NameMap({
    "Feliciano Acuña Benegas": "Imputado 1", "Chipa": "", "Mirian Cristaldo Ruiz": "", "Osvaldo Britez Núñez": "",
    "Rodrigo Jara": "", "Rossana Beatriz Fleitas": "Niña FO-1", "Hernán Villasanti Ojeda": "", "Norma Fleitas": "",
    "Dahiana Celeste Benítez Arce": "", "Éver David Duarte Ramos": "", "Luz Clara Giménez": "",
    "Nancy Raquel Ortellado": "", "Carmen Aquino": "", "Eusebia Martínez": "", "Sonia Martínez Cabral": "Madre VD-2",
    "Aldo Ramírez": "", "Jazmín Ramírez Martínez": "Niña VD-2", "Blas Ramírez Martínez": "", "Gloria Sosa": "",
    "Yanina Gauto": "", "Cinthia Mabel Rojas": "", "Tito": "", "Marcelo Vera Ocampo": "",
    "Laura Peralta": "", "Óscar Villalba": "", "Kuaray Benítez": "", "Jachuka Portillo": "", "Tupã Ra'y Benítez": "",
    "Ramón Caballero": "", "Ña Tiburcia": "", "Ever Ojeda": "", "Lili Benítez": "", "Gringo": "",
    "Liliana Raquel Martínez Vera": "Niña CO-3",
}, capitalised=["Chipa", "Tito", "Gringo"])

CASES = Cases()
_case = CASES.add


_case("leftovers", """La niña vivía con su abuela en hóga hovy oĩva kapilla rovái, ha upéi oiko peteĩ óga pytã oĩva escuela \
ykére. La tía vive en la casa azul de la esquina. Su CPF 123.456.789/09 figura en el expediente. Firmó Liliana R. \
Martínez V. el acta. El giro por Western Union, número de control 827-364-5190, llegó el lunes. La Casa Rosada y \
la casa blanca no son casas de nadie; la casa de la esquina es del almacén. Vivían en una casa azul.""",
     hide=["kapilla rovái", "escuela ykére", "azul de la esquina", "123.456.789/09", "827-364-5190"],
     names=["Liliana", "Martínez", " V. el acta", " R. "],
     keep=["La Casa Rosada y la casa blanca no son casas de nadie", "la casa de la esquina es del almacén",
           "Vivían en una casa azul.", "llegó el lunes", "figura en el expediente", "La niña vivía con su abuela en",
           "Firmó", "el acta."])

_case("sentencia", """SENTENCIA DEFINITIVA N° 45
En la ciudad de Villarrica, a los veinte días del mes de agosto del año dos mil veinticinco, el Tribunal de \
Sentencia Colegiado de la Circunscripción Judicial del Guairá, integrado por los Jueces Abg. Mirian Cristaldo Ruiz, \
Abg. Osvaldo Britez Núñez y Abg. Celso Fretes, en la causa N° 3421/2023 caratulada "Ministerio Público c/ Feliciano \
Acuña Benegas s/ Trata de personas con fines de explotación laboral";
RESULTA: Que el acusado FELICIANO ACUÑA BENEGAS, alias "Chipa", paraguayo, casado, de 47 años de edad, nacido en \
Coronel Martínez el 14 de febrero de 1978, hijo de Juan Acuña y de María Benegas, de profesión agricultor, con C.I. \
N° 2.876.431, domiciliado en la compañía Yhaty, km 12 de la ruta PY08, asistido por el Defensor Público Abg. Rodrigo \
Jara. Que la víctima, identificada en autos con las iniciales M.B.G., de 14 años a la fecha del hecho, fue llevada a \
trabajar en la chacra del acusado desde las 5 de la mañana, sin paga, bajo amenazas.
CONSIDERANDO: Que la conducta se subsume en el art. 129 b del Código Penal (Ley 4614/12) y el art. 5 de la Ley \
4788/12 Integral contra la Trata de Personas, con la agravante del art. 6 inc. 1°, por tratarse de una menor de 18 \
años. Que el Tribunal valoró la declaración de la víctima en cámara Gesell y el informe de la Lic. Gloria Sosa.
RESUELVE: 1) CONDENAR a FELICIANO ACUÑA BENEGAS, con C.I. N° 2.876.431, a la pena privativa de libertad de DOCE \
(12) AÑOS, que la cumplirá en la Penitenciaría Regional de Villarrica hasta el 3 de marzo de 2036. 2) Imponer las \
costas. 3) Anotar, registrar, notificar y remitir copia a la Excma. Corte Suprema de Justicia.""",
     hide=["2.876.431", "14 de febrero de 1978", "M.B.G.", "Yhaty, km 12"],
     names=["Feliciano", "FELICIANO", "ACUÑA", "BENEGAS", "Benegas", "Acuña", "Chipa", "Mirian", "Cristaldo", "Osvaldo",
            "Britez", "Jara", "Gloria", "Juan Acuña", "María Benegas"],
     keep=["SENTENCIA DEFINITIVA N° 45", "En la ciudad de Villarrica", "veinte días del mes de agosto",
           "Tribunal de Sentencia Colegiado de la Circunscripción Judicial del Guairá", "causa N° 3421/2023",
           "Ministerio Público c/", "s/ Trata de personas con fines de explotación laboral", "paraguayo, casado",
           "de 47 años de edad", "nacido en Coronel Martínez", "de profesión agricultor", "Defensor Público Abg.",
           "de 14 años a la fecha del hecho", "las 5 de la mañana", "art. 129 b del Código Penal (Ley 4614/12)",
           "art. 5 de la Ley 4788/12", "art. 6 inc. 1°", "menor de 18 años", "cámara Gesell", "DOCE (12) AÑOS",
           "Penitenciaría Regional de Villarrica", "3 de marzo de 2036", "Excma. Corte Suprema de Justicia",
           "Abg. Celso Fretes"])

_case("forense", """INFORME MÉDICO FORENSE N° 0872/2025
Dirección de Medicina Legal y Ciencias Forenses – Ministerio Público, sede Ciudad del Este
Médico forense: Dr. Hernán Villasanti Ojeda, Reg. Prof. N° 8734.
Examinada: Rossana Beatriz Fleitas, sexo femenino, de 13 años de edad, C.I. N° 6.987.123, internada en el Hospital \
Regional de Ciudad del Este, Servicio de Pediatría, sala 3, cama 12, historia clínica N° 245871 (H.C. 245871).
Examen físico: peso 38 kg, talla 1,45 m, T.A. 100/60 mmHg, FC 88 lpm, temperatura 36,8 °C. Presenta equimosis en \
ambos antebrazos, de 5 a 7 días de evolución, y cicatrices antiguas en la región lumbar. Se tomaron muestras \
(código de muestra LF-2025-1187) remitidas al Laboratorio Forense.
Acompaña a la niña su madre, Sra. Norma Fleitas, cel. 0983 654 321, quien refiere que la niña trabajaba como \
criadita en una casa de Minga Guazú desde los 9 años.
Conclusión: lesiones compatibles con maltrato físico reiterado. Se recomienda evaluación psicológica en el Hospital \
de Clínicas y seguimiento por la Unidad de Salud Familiar (USF) de Minga Guazú, conforme a la Ley 1680/01.
Fdo.: Dr. Hernán Villasanti Ojeda – Médico Forense – Reg. Prof. 8734.""",
     hide=["6.987.123", "245871", "0983 654 321", "8734", "cama 12"],
     names=["Hernán", "Villasanti", "Rossana", "Fleitas", "Norma"],
     keep=["INFORME MÉDICO FORENSE N° 0872/2025", "Dirección de Medicina Legal y Ciencias Forenses",
           "Ministerio Público, sede Ciudad del Este", "sexo femenino, de 13 años de edad",
           "Hospital Regional de Ciudad del Este, Servicio de Pediatría", "peso 38 kg, talla 1,45 m",
           "T.A. 100/60 mmHg, FC 88 lpm, temperatura 36,8 °C", "de 5 a 7 días de evolución",
           "código de muestra LF-2025-1187", "Laboratorio Forense", "una casa de Minga Guazú desde los 9 años",
           "Hospital de Clínicas", "Unidad de Salud Familiar (USF) de Minga Guazú", "Ley 1680/01",
           "Médico forense: Dr.", "Médico Forense"])

_case("escuela", """ESCUELA BÁSICA N° 2187 "SAN ISIDRO LABRADOR" – Compañía Tacuaty, distrito de Yhú
Nómina de alumnos – 5° grado, sección "B", turno mañana – Año lectivo 2025
N° | Matrícula N° | Apellidos y nombres | Edad | Observación
1 | 20251043 | Benítez Arce, Dahiana Celeste | 11 | asiste regularmente
2 | 20251044 | Duarte Ramos, Éver David | 12 | ausencias reiteradas (trabaja en la cosecha de yerba)
3 | 20251057 | Giménez, Luz Clara | 10 | trasladada en marzo
La alumna Luz Clara Giménez, matrícula N° 20251057, cursa el 5° grado en la Escuela Básica N° 2187 desde marzo.
Docente de grado: Prof. Nancy Raquel Ortellado. Directora: Lic. Carmen Aquino. Supervisión Educativa Zona 04, \
Región Caaguazú. Resolución MEC N° 1234/2024. Total: 28 alumnos, 3 con sobreedad.""",
     hide=["20251043", "20251044", "20251057", "N° 2187 desde"],
     names=["Dahiana", "Benítez Arce", "Éver", "Duarte Ramos", "Luz Clara", "Giménez", "Nancy", "Ortellado",
            "Carmen", "Aquino"],
     keep=['Compañía Tacuaty, distrito de Yhú', 'Nómina de alumnos – 5° grado, sección "B", turno mañana',
           "Año lectivo 2025", "| 11 |", "| 12 |", "| 10 |", "ausencias reiteradas (trabaja en la cosecha de yerba)",
           "Docente de grado: Prof.", "Directora: Lic.", "Supervisión Educativa Zona 04, Región Caaguazú",
           "Resolución MEC N° 1234/2024", "Total: 28 alumnos, 3 con sobreedad.", "cursa el 5° grado"])

_case("visita", """INFORME SOCIAL – VISITA DOMICILIARIA
Fecha: 12/09/2025. Trabajadora social: Lic. Yanina Gauto (Dirección de Protección Especial, MINNA).
Motivo: seguimiento del caso de la niña Jazmín Ramírez Martínez, 11 años, derivada por la CODENI de Caazapá.
Composición familiar: la madre, Sonia Martínez Cabral, 34 años, trabajadora doméstica, C.I. 3.654.987, cel. \
0972 441 903; el padre, Aldo Ramírez, 40 años, changarín, actualmente en Buenos Aires; el hermano Blas, de 15 años, \
que abandonó el colegio en 8° grado para trabajar en una olería; la abuela materna, doña Eusebia, 67 años, jubilada \
de la IPS, que cuida a los niños. La vivienda es de material, dos piezas, sin baño moderno, ubicada en el barrio \
San Miguel, a 200 metros del puesto de salud, la casa de portón verde frente a la cancha.
Observaciones: la abuela Eusebia refiere que el padrastro de la madre (abuelo materno) fue denunciado en 2019. La \
familia recibe Tekoporã (Gs. 350.000 por bimestre). Se acordó nueva visita el 10/10/2025.
Firma: Lic. Yanina Gauto, Reg. Prof. N° 4412.""",
     hide=["3.654.987", "0972 441 903", "verde frente a la cancha", "4412"],
     names=["Yanina", "Gauto", "Jazmín", "Sonia", "Cabral", "Aldo", "Blas", "Eusebia"],
     keep=["Fecha: 12/09/2025.", "Trabajadora social: Lic.", "(Dirección de Protección Especial, MINNA)",
           "11 años", "CODENI de Caazapá", "la madre, ", "34 años, trabajadora doméstica", "el padre, ",
           "40 años, changarín, actualmente en Buenos Aires", "el hermano ", "de 15 años", "en 8° grado",
           "la abuela materna, doña ", "67 años, jubilada de la IPS", "La vivienda es de material, dos piezas",
           "barrio San Miguel, a 200 metros del puesto de salud", "abuelo materno", "denunciado en 2019",
           "Tekoporã (Gs. 350.000 por bimestre)", "el 10/10/2025"])

_case("csv_ong", """código de caso,nombre,apodo,edad,comunidad,teléfono de referencia,observaciones
PY-TR-031,Cinthia Mabel Rojas,Cinthi,16,Ybycuí,0981 552 310,rescatada en Clorinda; madre colabora
PY-TR-032,Marcelo Vera Ocampo,Tito,14,Caaguazú,0994 100 200,trabajo en olería; padre denunciado
PY-TR-033,Lili Benítez,la Gringa,17,San Pedro del Ycuamandiyú,,"viajó a Buenos Aires; tía: ""Ña Tiburcia"" (0985 776 655)"
PY-TR-034,Ever Ojeda,Pelado,15,Limpio,+54 9 11 4455-6677,explotación laboral en taller textil; 12 horas diarias""",
     hide=["0981 552 310", "0994 100 200", "0985 776 655", "4455-6677", "Cinthi,", "la Gringa", "Pelado",
           "Cinthia Mabel Rojas", "Marcelo Vera Ocampo", "Lili Benítez", "Ever Ojeda"],
     names=["Cinthia", "Marcelo", "Tito", "Lili", "Tiburcia", "Ever"],
     keep=["código de caso,nombre,apodo,edad,comunidad,teléfono de referencia,observaciones", "PY-TR-031,",
           ",16,Ybycuí,", ",14,Caaguazú,", ",17,San Pedro del Ycuamandiyú,", ",15,Limpio,",
           "rescatada en Clorinda; madre colabora", "trabajo en olería; padre denunciado", "viajó a Buenos Aires; tía",
           "explotación laboral en taller textil; 12 horas diarias"])

_case("tip_en", """PARAGUAY (Tier 2). PROSECUTION: The government maintained law enforcement efforts. The 2012 \
Comprehensive Law against Trafficking in Persons (Law 4788) criminalized sex trafficking and labor trafficking and \
prescribed penalties of up to eight years' imprisonment. In 2024, the Public Ministry's specialized unit (UFETESI) \
investigated 112 cases, prosecuted 31 defendants and convicted 14 traffickers, compared with 9 in 2023. In one case \
(Case No. 3421/2023), the Guairá court sentenced Feliciano Acuña Benegas to 12 years. Prosecutor Laura Peralta told \
the press that a police officer, Sgt. Óscar Villalba, badge number 55871, was charged with complicity; his case \
(No. 118/2024) remained pending at the end of the reporting period. Officials from the Ministry of Children and \
Adolescents (MINNA) identified 57 victims, including 38 children, and referred them to shelters. NGOs reported that \
a victim's mother, reachable at +595 975 300 411, was threatened. Authorities spent approximately 1.2 billion \
guaraníes ($160,000) on victim services, a 15% increase.""",
     hide=["55871", "975 300 411"],
     names=["Feliciano", "Acuña", "Laura", "Peralta", "Óscar", "Villalba"],
     keep=["PARAGUAY (Tier 2).", "(Law 4788)", "up to eight years' imprisonment", "In 2024", "UFETESI",
           "investigated 112 cases, prosecuted 31 defendants and convicted 14 traffickers, compared with 9 in 2023",
           "(Case No. 3421/2023)", "the Guairá court sentenced", "to 12 years", "Prosecutor ", "Sgt. ",
           "(No. 118/2024)", "Ministry of Children and Adolescents (MINNA)", "57 victims, including 38 children",
           "1.2 billion guaraníes ($160,000)", "a 15% increase"])

_case("sms", """REGISTRO DE LLAMADAS Y MENSAJES – línea 0971 223 344 (extracción UFED, informe pericial N° 77/2025)
12/05/2025 08:14:22 | SMS entrante | +595 982 667 188 | "ya tenes lista a la chica? mañana sale el bus 6:30"
12/05/2025 08:15:03 | SMS saliente | +595 982 667 188 | "si, la Jazmin ya sabe. 500 mil adelantado"
12/05/2025 09:40:51 | llamada perdida | 0985 412 009 | duración 00:00
12/05/2025 21:02:10 | llamada saliente | 011 15 5566 7788 | duración 00:03:42
13/05/2025 07:55:00 | SMS entrante | 147 | "Fono Ayuda: tu consulta fue registrada"
13/05/2025 10:12:37 | SMS entrante | Tigo | "Recibiste Gs. 200.000 de 0982667188. Saldo: Gs. 215.300"
Total: 6 eventos; IMEI 356789104563218; chip Tigo ICCID 8959501234567890123.""",
     hide=["0971 223 344", "982 667 188", "0985 412 009", "5566 7788", "0982667188", "356789104563218",
           "8959501234567890123"],
     # "la Jazmin" stays: a given name that is also an everyday word (jazmín) is hidden alone only after a title
     names=[],
     keep=["informe pericial N° 77/2025", "12/05/2025 08:14:22 | SMS entrante |", "mañana sale el bus 6:30",
           "500 mil adelantado", "duración 00:00", "duración 00:03:42", "| 147 |", "Fono Ayuda",
           "Recibiste Gs. 200.000 de", "Saldo: Gs. 215.300", "Total: 6 eventos", "13/05/2025 10:12:37"])

_case("anuncio_fb", """Facebook Marketplace – Empleos · Publicado hace 3 días en Coronel Oviedo
SE BUSCAN CHICAS de 16 a 25 años para trabajar en restaurante en Buenos Aires 🇦🇷 sueldo 600.000 pesos + propinas, \
pasaje y alojamiento pagos!! Sin experiencia. Interesadas escribime al privado o al WhatsApp 0986 300 122 \
(Gringo). Perfil: Marcelo Vera Ocampo · Vendedor en Marketplace desde 2021 · facebook.com/marcelo.vera.ocampo.py
Comentario de Cinthi Rojas: "me interesa, ya te escribo al priv 😊" · Respuesta: "dale reina, pasame tu número"
Otro anuncio (grupo "Empleos Caaguazú y alrededores"): "Necesito niñera cama adentro, 14 años en adelante, 1.500.000 \
Gs. Llamar al 0975-883-210 o escribir a trabajosbsas2025@gmail.com. Ñandejára nde rovasa 🙏" """,
     hide=["0986 300 122", "marcelo.vera.ocampo.py", "0975-883-210", "trabajosbsas2025@gmail.com"],
     names=["Gringo", "Marcelo", "Vera Ocampo", "Cinthi Rojas"],
     keep=["Facebook Marketplace – Empleos", "Publicado hace 3 días en Coronel Oviedo", "SE BUSCAN CHICAS de 16 a 25 años",
           "restaurante en Buenos Aires", "sueldo 600.000 pesos + propinas", "escribime al privado", "Sin experiencia",
           "Vendedor en Marketplace desde 2021", "facebook.com/", "dale reina, pasame tu número",
           'grupo "Empleos Caaguazú y alrededores"', "14 años en adelante, 1.500.000 Gs.", "Ñandejára nde rovasa"])

_case("motos", """Según la denuncia, la adolescente fue llevada en una moto Kenton roja chapa 123ABC por un hombre de \
casco negro; detrás iba otra moto, una Leopard 150 negra, con chapa 456 BCDE, y una camioneta Toyota Fortuner con \
patente AAXB 321. La moto Kenton roja fue vista en la estación Petropar de la ruta PY02, km 45, y luego en la \
compañía 3 de Mayo. El motociclista llevaba una remera del club Cerro Porteño N° 10. Según la Patrulla Caminera, \
en 2024 se incautaron 1.200 motos sin chapa en el departamento de Caaguazú; la ley 5016/14 de tránsito exige chapa.""",
     hide=["123ABC", "456 BCDE", "AAXB 321"],
     keep=["moto Kenton roja chapa", "una Leopard 150 negra", "Toyota Fortuner", "estación Petropar de la ruta PY02, km 45",
           "compañía 3 de Mayo", "club Cerro Porteño N° 10", "Patrulla Caminera",
           "en 2024 se incautaron 1.200 motos sin chapa en el departamento de Caaguazú", "ley 5016/14 de tránsito exige chapa"])

_case("indigena", """Visita a comunidades indígenas – Canindeyú y Presidente Hayes, julio de 2025
En la comunidad Mbyá Guaraní Tekoha Kuaray Rese, distrito de Ygatimí, el líder Kuaray Benítez denunció que tres \
jóvenes de la familia Portillo, entre ellos Jachuka Portillo, de 16 años, fueron llevados a una estancia en el \
Chaco. En la comunidad Avá Guaraní Itanarã, el cacique Tupã Ra'y Benítez dijo que los Benítez de Itanarã no \
trabajan más en la zafra. En el Chaco, en la comunidad nivaclé de Cayin ô Clim (Mariscal Estigarribia), el señor \
Ramón Caballero, de 58 años, relató que su hijo trabaja en la estancia sin paga. Las comunidades Yakye Axa, \
Sawhoyamaxa y Xákmok Kásek, del pueblo Enxet Sur, tienen sentencias de la Corte Interamericana. El INDI y la \
Dirección de Pueblos Indígenas del MTESS fueron notificados. El sol (kuaray) sale temprano; en Pedro Juan \
Caballero no hay comunidades nivaclé.""",
     names=["Kuaray Benítez", "Jachuka", "Tupã Ra'y", "Ramón Caballero", "Portillo"],
     keep=["Tekoha Kuaray Rese, distrito de Ygatimí", "el líder ", "la familia ", "de 16 años",
           "comunidad Avá Guaraní Itanarã", "el cacique ", "Itanarã no trabajan más en la zafra",
           "comunidad nivaclé de Cayin ô Clim (Mariscal Estigarribia)", "de 58 años",
           "Yakye Axa, Sawhoyamaxa y Xákmok Kásek, del pueblo Enxet Sur", "Corte Interamericana",
           "El INDI y la Dirección de Pueblos Indígenas del MTESS", "El sol (kuaray) sale temprano",
           "en Pedro Juan Caballero no hay comunidades nivaclé", "Canindeyú y Presidente Hayes, julio de 2025"])


@pytest.fixture(scope="module")
def listed():
    return Redactor(NAMES)


# --- 1. whole texts of each genre -----------------------------------------------------------------------------------

test_each_genre_hides_its_identifiers_and_keeps_every_trap = genre_test(CASES)


def test_the_case_list_reads_with_its_columns_hidden_and_the_rest_kept():
    text = CASES.text("csv_ong")
    lines = redact(text).splitlines()
    assert lines[1] == "PY-TR-031,[nombre],[nombre],16,Ybycuí,[teléfono],rescatada en Clorinda; madre colabora"
    assert lines[3].startswith("PY-TR-033,[nombre],[nombre],17,San Pedro del Ycuamandiyú,,")


def test_the_class_list_keeps_its_school_header_and_hides_each_pupils_number():
    out = redact(CASES.text("escuela"))
    assert 'ESCUELA BÁSICA N° 2187 "SAN ISIDRO LABRADOR" – Compañía Tacuaty' in out  # the school, as a place
    assert "1 | [registro] | [nombre] | 11 | asiste regularmente" in out
    assert "matrícula N° [registro], cursa el 5° grado en la [escuela] desde marzo" in out


# --- 2. each new kind of identifier, alone --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # houses in Guaraní and jopara, and by colour and corner
    ("oiko hóga hovy oĩva kapilla rovái", "oiko [dirección]"),
    ("oiko peteĩ óga pytã oĩva escuela ykére.", "oiko peteĩ [dirección]."),
    ("peteĩ casa morotĩ oĩva puesto de salud ykére", "peteĩ [dirección]"),
    ("vive en la casa azul de la esquina", "vive en la [dirección]"),
    ("la casa verde de la esquina de la escuela", "la [dirección] de la escuela"),
    # CPF with a slash, a transfer's control number
    ("Su CPF 123.456.789/09 figura", "Su [cédula] figura"),
    ("giro Western Union N° de control 8273645190", "giro Western Union N° de control [cuenta]"),
    ("número de control: 827-364-5190", "número de control: [cuenta]"),
    # a birth date after the place of birth
    ("nacido en Coronel Martínez el 14 de febrero de 1978, hijo de", "nacido en Coronel Martínez el "
     "[fecha de nacimiento], hijo de"),
    ("nació en Asunción, 12/03/2011", "nació en Asunción, [fecha de nacimiento]"),
    # records that name one person
    ("internada en el Hospital Regional, Servicio de Pediatría, sala 3, cama 12, historia clínica N° 245871",
     "internada en el Hospital Regional, Servicio de Pediatría, sala 3, cama [registro], historia clínica N° "
     "[registro]"),
    ("(H.C. 245871)", "(H.C. [registro])"),
    ("Dr. Villasanti, Reg. Prof. N° 8734.", "Dr. Villasanti, Reg. Prof. N° [registro]."),
    ("La alumna, matrícula N° 20251057, cursa el 5° grado", "La alumna, matrícula N° [registro], cursa el 5° grado"),
    ("IMEI 356789104563218; chip ICCID 8959501234567890123", "IMEI [registro]; chip ICCID [registro]"),
    ("identificada con las iniciales M.B.G., de 14 años", "identificada con las iniciales [nombre], de 14 años"),
    # a form's name field, a table's columns
    ('Nombre: Liliana Raquel Martínez Vera. Apodo: "la Negrita". Edad: 13 años.',
     'Nombre: [nombre]. Apodo: "la [nombre]". Edad: 13 años.'),
    ("Name: Ana Gómez   DOB: 2011-11-17", "Name: [nombre]   DOB: [fecha de nacimiento]"),
    ("nombre;teléfono;edad\nAna Gómez;0981 123 456;14", "nombre;teléfono;edad\n[nombre];[teléfono];14"),
    ("| Apodo | Edad |\n|---|---|\n| la Negrita | 13 |", "| Apodo | Edad |\n|---|---|\n| [nombre] | 13 |"),
    ("Ybycuí,0981 552 310,rescatada", "Ybycuí,[teléfono],rescatada"),
    # a motorcycle's plate
    ("una moto Kenton roja chapa 123ABC", "una moto Kenton roja chapa [chapa]"),
])
def test_a_new_kind_of_identifier_is_hidden(text, expected):
    assert redact(text) == expected


def test_a_record_placeholder_is_in_the_readers_language():
    assert redact("medical record number 245871", lang="en") == "medical record number [record no.]"


def test_the_quick_check_lets_a_guarani_house_initials_and_a_name_column_through():
    r = Redactor()
    texts = ["hóga hovy oĩva kapilla rovái", "con las iniciales M.B.G.", "apodo,comunidad\nla Negrita,Yhú",
             "la fiscalía pidió el acta"]
    assert r.may_need_findings(texts) == [True, True, True, False]
    assert [bool(f) for f in r.findings_many(texts)] == [True, True, True, False]


# --- 3. what looks like those and stays -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "la casa de la esquina es del almacén", "Vivían en una casa azul.", "La Casa Rosada y la casa blanca",
    "che róga oĩ escuela ykére",  # no look: "my house is beside the school"
    "el nacimiento de Jesús el 25 de diciembre de 2024", "una cama de 2 plazas", "la cama 3 de la casa",
    "matrícula N° 1234 del abogado", "Resolución 123.456.789/09", "el número de control de calidad 2025",
    "el número de control 12", "las iniciales del programa", "código de muestra LF-2025-1187",
    "Nombre: no tiene", "Nombre del programa: Abrazo", "Nombre de la escuela: San Isidro",
    "Nombre: ¿Cómo te llamás?", "edad,comunidad\n14,Yhú", "nombre,apodo\n-,no tiene",
    "Fecha,Monto\n12/05/2025,1.500.000", "1,0981 123 456", "Comercial Benítez S. A.",
    "Informe Médico Forense N° 0872/2025, T.A. 100/60 mmHg, FC 88 lpm, 36,8 °C",
])
def test_what_only_looks_like_a_new_identifier_stays(text):
    assert redact(text) == text


# --- 4. names in these genres ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Firmó Liliana R. Martínez V. el acta.", "Firmó Niña CO-3 el acta."),
    ("la Sra. Martínez V. vino", "la Sra. [nombre] vino"),
    ("Martínez V., Liliana R.", "Niña CO-3"),
    ("L. R. Martínez V. firmó", "[nombre] firmó"),
    ("Comercial Benítez S. A.", "Comercial [nombre] S. A."),
    ("la comunidad Mbyá Tekoha Kuaray Rese; el líder Kuaray Benítez", "la comunidad Mbyá Tekoha Kuaray Rese; el "
     "líder [nombre]"),
    ("el acusado FELICIANO ACUÑA BENEGAS, alias \"Chipa\", vendía chipa", "el acusado Imputado 1, alias "
     "\"[nombre]\", vendía chipa"),
])
def test_a_listed_person_is_hidden_in_these_genres(text, expected, listed):
    assert listed.redact(text) == expected
