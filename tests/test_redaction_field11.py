"""Redaction cases a red team left open (round 11). First what round 10 left: a listed given name that is also a word
after the article Paraguayans put before names ("la Jazmin ya sabe": "el jazmín" is the flower, so "la Jazmín" is her),
the parents' names of someone nobody listed ("N.N., hijo de Juan Benítez y de María Ortiz"), and badge, credential and
IPS numbers that were hidden under another kind's placeholder (a badge as a cédula, a 10-digit IPS number as a phone).
Then genres not tried before: WhatsApp voice notes transcribed by a phone (no capitals, no punctuation), a community
radio call-in, the minutes of a settlement's assembly with its attendance list and signatures, a social worker's
home-visit report with the household's members, a hospital discharge summary, a migration and consular record
(passports, an Argentine DNI, a Spanish NIE), a handwritten note read by OCR (capitals, "G0NZALEZ"), Facebook comments
with nicknames and emoji, an English donor case study with US names and addresses, and a jopara interview. Each text
seeds identifiers (hidden with and without the project's names list, or with it for names) and traps that must stay
word for word: places used as places, institutions, months, colours, pains and light ("Rosa", "Dolores", "Luz",
"Blanca", "Paz" in "Juzgado de Paz", "Mercedes" the town, "Leal" as loyal)."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact
from redteam import Cases, genre_test

# what an evaluator would list for these texts: victims, relatives, recruiters, officials; names that are also words
# listed as they are written (an everyday word in them stays where it stands alone: "luz", "blanca", "rosa")
NAMES = NameMap({
    "María González": "Madre WA-1", "Derlis Fretes": "", "Jazmín Ortiz": "Niña WA-1", "Nilsa Cardozo": "",
    "Felipa Ramírez": "", "Lorena Giménez": "Joven RA-1", "Ña Chela": "",
    "Rubén Villalba Sosa": "", "Celso Aquino": "", "Mirna Raquel Ojeda": "",
    "Ana Belén Duarte": "Niña SA-1", "Dolores Benítez": "", "Higinio Duarte": "", "Luz Marina Duarte": "",
    "Camila Soledad Rojas": "Paciente HR-1", "Gladys Amarilla": "", "Blanca Rojas": "",
    "Liz Carolina Benítez Ortiz": "Víctima MG-1", "Ramón Duarte Leiva": "", "Sergio Paredes": "",
    "Rosa Benítez": "", "Yeni Fretes": "", "Lalo Fretes": "",
    "Maria Elena Torres": "Survivor ES-1", "Jennifer Miller": "", "Robert Smith": "",
    "Eusebia Martínez": "Madre JO-1", "Roberto Martínez": "", "Juan Carlos Ayala": "",
})

CASES = Cases()
_case = CASES.add


_case("leftovers", """Si, la Jazmin ya sabe. N.N., hijo de Juan Benítez y de María Ortiz, de 16 años. La adolescente, \
hija de don Aníbal Cáceres y de doña Petrona Villalba, vive en Luque. El agente de guardia, placa N° 4521, y el \
inspector con credencial N° 0457 la encontraron. Su número de asegurado del IPS es 0012345678 y el IPS N° \
0981234567 figura en la ficha. El jazmín del patio y la Hija de Dios y de la Virgen no son personas.""",
     hide=["Juan Benítez", "María Ortiz", "Aníbal Cáceres", "Petrona Villalba", "4521", "0457", "0012345678",
           "0981234567"],
     names=["Jazmin"],
     keep=["Si, la ", " ya sabe.", "N.N., hijo de ", "de 16 años", "vive en Luque", "El agente de guardia, placa N° ",
           "El jazmín del patio", "la Hija de Dios y de la Virgen no son personas", "figura en la ficha"])

_case("whatsapp_audio", """audio 1 00:42 hola nilsa te cuento que ayer le dije a maria gonzalez que su hija la jazmin \
no puede ir a buenos aires con ese derlis fretes porque ese tipo lleva chicas para trabajar en un taller en \
la matanza y despues no les paga nada la jazmin tiene 15 años nomas y la señora gonzalez dice que le van a pagar \
un millon y medio por mes
audio 2 01:15 el numero de derlis es 0982 335 118 anotale por si acaso y el de la mama es cero nueve ocho uno \
cuatro cuatro cinco uno dos cero la cedula de la jazmin es 5 678 123 me dijo la maria gonzalez que le saco en \
asuncion en marzo
audio 3 00:30 aca se corto la luz otra vez desde el martes y con este calor tengo dolores de cabeza todo el dia la \
rosa que plantamos en el patio ya florecio ojala que haya paz en esta familia mañana voy a la parroquia de \
encarnacion a las 8 y despues a la fiscalia de coronel oviedo""",
     hide=["0982 335 118", "cero nueve ocho uno cuatro cuatro cinco uno dos cero", "5 678 123"],
     names=["maria gonzalez", "jazmin", "derlis", "fretes", "nilsa", "señora gonzalez"],
     keep=["audio 1 00:42 hola", "te cuento que ayer le dije a", "no puede ir a buenos aires con ese",
           "porque ese tipo lleva chicas para trabajar en un taller en la matanza", "tiene 15 años nomas",
           "un millon y medio por mes", "audio 2 01:15 el numero de", "anotale por si acaso y el de la mama es",
           "que le saco en asuncion en marzo", "aca se corto la luz otra vez desde el martes",
           "tengo dolores de cabeza todo el dia la rosa que plantamos en el patio ya florecio",
           "ojala que haya paz en esta familia", "mañana voy a la parroquia de encarnacion a las 8",
           "y despues a la fiscalia de coronel oviedo"])

_case("radio", """RADIO COMUNITARIA "LA VOZ DE SANTA ROSA" 98.5 FM – Programa "Mañanitas del Campo", lunes 14 de julio
LOCUTOR: Buenos días, Santa Rosa del Aguaray. Estamos con el tema de la trata de personas, con la Lic. Mirta Sanabria \
de la Secretaría de la Mujer. Tenemos una llamada. Adelante, ¿quién habla?
OYENTE: Buen día, habla doña Felipa Ramírez, de la compañía San Blas. Llamo por mi sobrina, Lorena Giménez, que se \
fue a trabajar a Mercedes, en Corrientes, hace tres meses y no contesta. El número de ella era el 0985 776 431.
LOCUTOR: Gracias, doña Felipa. ¿Quién la llevó?
OYENTE: Una señora que le dicen Ña Chela, de acá de Santa Rosa, que vende ropa en la feria. Dice que es de confianza.
LIC. SANABRIA: Doña Felipa, la llamamos después a su celular, el 0971 220 345, ¿está bien? Y usted puede denunciar \
en la Fiscalía de San Estanislao o llamar al 147. Las familias de Lima, Capiibary y Nueva Germania también pueden \
acercarse a la CODENI. La radio es leal a su gente.
LOCUTOR: Y ahora, "Rosa de Mayo", interpretada por el Trío Luz de Luna, para los oyentes de Villa del Rosario.""",
     hide=["0985 776 431", "0971 220 345"],
     names=["Felipa", "Ramírez", "Lorena", "Giménez", "Ña Chela"],
     keep=['RADIO COMUNITARIA "LA VOZ DE SANTA ROSA" 98.5 FM', '"Mañanitas del Campo", lunes 14 de julio',
           "Buenos días, Santa Rosa del Aguaray.", "con la Lic. Mirta Sanabria de la Secretaría de la Mujer",
           "habla doña ", "de la compañía San Blas", "Llamo por mi sobrina, ", "se fue a trabajar a Mercedes, en "
           "Corrientes, hace tres meses", "Una señora que le dicen ",
           "de acá de Santa Rosa, que vende ropa en la feria",
           "Fiscalía de San Estanislao o llamar al 147", "Las familias de Lima, Capiibary y Nueva Germania",
           "CODENI", "La radio es leal a su gente.", '"Rosa de Mayo", interpretada por el Trío Luz de Luna',
           "para los oyentes de Villa del Rosario"])

_case("acta_asamblea", """ACTA N° 12/2025 – ASAMBLEA ORDINARIA DE LA COMISIÓN VECINAL "NUEVA ESPERANZA"
Asentamiento Santa Lucía, distrito de Concepción. En la fecha, 3 de agosto de 2025, siendo las 15:00 horas, en el \
local de la Escuela Básica N° 1234, se reúnen los vecinos con el siguiente orden del día: 1) Caso de las jóvenes \
llevadas a Asunción; 2) Luz eléctrica y agua; 3) Varios.
Preside el Sr. Rubén Villalba Sosa (presidente) y actúa de secretario el Sr. Celso Aquino.
La Sra. Mirna Raquel Ojeda informa que dos jóvenes del asentamiento, de 15 y 17 años, fueron llevadas por un hombre \
conocido como "el Brasilero" a una casa de Asunción, y que la familia ya hizo la denuncia en la Comisaría 5ª de \
Concepción. La asamblea resuelve pedir a la ANDE la luz para la calle principal y a la ESSAP el agua.
Lista de asistencia:
N° | Nombre y apellido | C.I. N° | Firma
1 | Pedro Cáceres Gauto | 2.345.678 | (firmado)
2 | Ramona Leal de Giménez | 3.987.654 | (firmado)
3 | Fidel Ocampos | 4.112.233 | (firmado)
Sin otro tema que tratar, se levanta la sesión a las 17:30.
Firma: Rubén Villalba Sosa – Presidente
Firma: Celso Aquino – Secretario
Aclaración de firma: Mirna Raquel Ojeda, C.I. N° 3.221.456""",
     hide=["Pedro Cáceres Gauto", "2.345.678", "Ramona Leal de Giménez", "3.987.654", "Fidel Ocampos", "4.112.233",
           "3.221.456"],
     names=["Rubén", "Villalba", "Celso", "Aquino", "Mirna", "Ojeda"],
     keep=['ACTA N° 12/2025 – ASAMBLEA ORDINARIA DE LA COMISIÓN VECINAL "NUEVA ESPERANZA"',
           "Asentamiento Santa Lucía, distrito de Concepción", "3 de agosto de 2025, siendo las 15:00 horas",
           "Escuela Básica N° 1234", "Caso de las jóvenes llevadas a Asunción", "2) Luz eléctrica y agua; 3) Varios.",
           "Preside el Sr. ", "(presidente) y actúa de secretario el Sr. ", "de 15 y 17 años",
           'conocido como "el ', '" a una casa de Asunción',  # the nickname ("Brasilero") is hidden since round 12 "Comisaría 5ª de Concepción",
           "pedir a la ANDE la luz para la calle principal y a la ESSAP el agua", "Lista de asistencia:",
           "N° | Nombre y apellido | C.I. N° | Firma", "| (firmado)", "se levanta la sesión a las 17:30",
           "– Presidente", "– Secretario"])

_case("socioambiental", """INFORME SOCIOAMBIENTAL N° 88/2025 – Juzgado de la Niñez y la Adolescencia de Concepción
Solicitado por: Abg. Sergio Paredes, Juez de Paz de Horqueta. Fecha de la visita: 21 de mayo de 2025.
Niña: Ana Belén Duarte, 13 años, 7° grado. Domicilio: compañía Jhugua Ñandú, km 18 de la ruta PY05.
Grupo familiar conviviente:
Nombre | Parentesco | Edad | Ocupación
Higinio Duarte | padre | 45 | peón de estancia
Luz Marina Duarte | hermana | 19 | empleada doméstica en Concepción
Dolores Benítez | abuela | 71 | jubilada
La abuela, doña Dolores, refiere dolores en las rodillas y no puede caminar. La vivienda tiene luz eléctrica de la \
ANDE, pero no agua corriente. El padre trabaja en la estancia "La Blanca" de lunes a sábado. La hermana Luz Marina \
viaja a Concepción los domingos. Se observa una relación leal y afectuosa entre la niña y su abuela. La familia \
participa del programa Tekoporã y la niña recibe el almuerzo escolar de Hambre Cero.
Conclusión: se recomienda que Ana Belén permanezca con su abuela. Lic. Graciela Paz, trabajadora social.""",
     hide=["km 18 de la ruta PY05"],
     names=["Ana Belén", "Higinio", "Luz Marina", "Dolores Benítez", "doña Dolores,", "Paredes"],
     keep=["INFORME SOCIOAMBIENTAL N° 88/2025 – Juzgado de la Niñez y la Adolescencia de Concepción",
           "Solicitado por: Abg. ", "Juez de Paz de Horqueta", "Fecha de la visita: 21 de mayo de 2025.",
           "13 años, 7° grado", "Grupo familiar conviviente:", "Nombre | Parentesco | Edad | Ocupación",
           "| padre | 45 | peón de estancia", "| hermana | 19 | empleada doméstica en Concepción",
           "| abuela | 71 | jubilada", "refiere dolores en las rodillas y no puede caminar",
           "La vivienda tiene luz eléctrica de la ANDE, pero no agua corriente", 'la estancia "La Blanca" de lunes a '
           "sábado", "viaja a Concepción los domingos", "una relación leal y afectuosa entre la niña y su abuela",
           "programa Tekoporã", "almuerzo escolar de Hambre Cero", "Lic. Graciela Paz, trabajadora social"])

_case("epicrisis", """HOSPITAL REGIONAL DE CONCEPCIÓN – Servicio de Ginecología y Obstetricia
EPICRISIS (RESUMEN DE ALTA)
Paciente: Camila Soledad Rojas. C.I. N° 6.789.012. Fecha de nacimiento: 12/04/2008. Historia clínica N° 556677.
Sala 2, cama 14. Fecha de ingreso: 02/06/2025. Fecha de alta: 09/06/2025.
Motivo de ingreso: dolores abdominales y fiebre de 39 °C. Refiere que trabajaba en un bar de Pedro Juan Caballero.
Diagnóstico: enfermedad inflamatoria pélvica; anemia leve (Hb 10,2 g/dl). Secreción blanca, sin sangrado.
Tratamiento: ceftriaxona 1 g/día EV por 5 días, doxiciclina 100 mg c/12 h VO, paracetamol 500 mg si dolor.
Acompañante: Blanca Rojas (madre), cel. 0991 234 567, domiciliada en barrio San Antonio, casa 23.
Médica tratante: Dra. Gladys Amarilla, Reg. Prof. N° 12345. Se deriva al Programa Nacional de Control de VIH/Sida \
y a la Unidad de Salud Familiar de Loreto; control en 7 días. Se dio aviso a la Fiscalía de Concepción \
(Ley 4788/12).""",
     hide=["6.789.012", "12/04/2008", "556677", "cama 14", "0991 234 567", "San Antonio, casa 23", "12345",
           "Camila Soledad Rojas"],
     names=["Blanca Rojas", "Gladys", "Amarilla"],
     keep=["HOSPITAL REGIONAL DE CONCEPCIÓN – Servicio de Ginecología y Obstetricia", "EPICRISIS (RESUMEN DE ALTA)",
           "Fecha de ingreso: 02/06/2025. Fecha de alta: 09/06/2025.",
           "Motivo de ingreso: dolores abdominales y fiebre de 39 °C.", "un bar de Pedro Juan Caballero",
           "enfermedad inflamatoria pélvica; anemia leve (Hb 10,2 g/dl)", "Secreción blanca, sin sangrado.",
           "ceftriaxona 1 g/día EV por 5 días, doxiciclina 100 mg c/12 h VO, paracetamol 500 mg si dolor",
           "(madre), cel. ", "Médica tratante: Dra. ", "Programa Nacional de Control de VIH/Sida",
           "Unidad de Salud Familiar de Loreto; control en 7 días", "Fiscalía de Concepción (Ley 4788/12)",
           "Sala 2, cama "])

_case("migraciones", """DIRECCIÓN GENERAL DE MIGRACIONES – Movimiento migratorio (consulta N° 4521/2025)
Titular: Liz Carolina Benítez Ortiz, paraguaya, pasaporte N° R0123456, C.I. 4.876.543.
14/02/2024 salida – Puesto de control Puerto Falcón (Clorinda), en ómnibus de la empresa Nuestra Señora de la \
Asunción, acompañada de Ramón Duarte Leiva, C.I. 3.112.987.
20/02/2024 ingreso a la Argentina; DNI argentino para extranjeros N° 95.123.456 (tramitado en Posadas).
03/09/2024 salida del Aeropuerto de Ezeiza a Madrid, vuelo UX 042; NIE Y-1234567-L, empadronada en Calle de \
Alcalá 125, Madrid. El acompañante tenía NIE X2345678T y DNI español 12345678Z.
Nota del Consulado General del Paraguay en Madrid (oficio N° 233/2024): la connacional se presentó en la sede de la \
calle Concepción Jerónima con su pasaporte vencido; se le expidió un salvoconducto para volver a \
Asunción el 15 de octubre. Teléfono de contacto en España: +34 612 345 678. Casos similares en Málaga, Barcelona y \
Valencia fueron remitidos a la Mesa Interinstitucional de Trata.""",
     hide=["R0123456", "4.876.543", "3.112.987", "95.123.456", "Y-1234567-L", "Alcalá 125", "X2345678T", "12345678Z",
           "612 345 678"],
     names=["Liz Carolina", "Benítez Ortiz", "Ramón Duarte", "Leiva"],
     keep=["DIRECCIÓN GENERAL DE MIGRACIONES – Movimiento migratorio (consulta N° 4521/2025)", "paraguaya, ",
           "14/02/2024 salida – Puesto de control Puerto Falcón (Clorinda)",
           "empresa Nuestra Señora de la Asunción, acompañada de ", "20/02/2024 ingreso a la Argentina",
           "(tramitado en Posadas)", "03/09/2024 salida del Aeropuerto de Ezeiza a Madrid, vuelo UX 042",
           "Consulado General del Paraguay en Madrid (oficio N° 233/2024)",
           "la sede de la calle Concepción Jerónima con su pasaporte vencido", "Asunción el 15 de octubre",
           "Casos similares en Málaga, Barcelona y Valencia",
           "Mesa Interinstitucional de Trata"])

_case("ocr_nota", """NOTA MANUSCRITA (TRANSCRIPCION OCR) – HALLADA EN LA HABITACION 3
A QUIEN CORRESPONDA: YO MARIA G0NZALEZ MADRE DE JAZMIN 0RTIZ DE 15 AÑOS DENUNCIO QUE EL SEÑOR DERLIS FRETES SE \
LLEVO A MI HIJA EL 2 DE MARZO A BUENOS AIRES. SU CEL ES 0982 335 118. MI CI ES 2.456.789.
LA SEÑORA NILSA CARD0ZO SABE DONDE ESTA. VIVIMOS EN EL BARRIO SAN JOSE, CASA 14, DE CORONEL OVIEDO.
QUE DIOS Y LA VIRGEN DE CAACUPE ME AYUDEN. FIRMA: MARIA GONZALEZ""",
     hide=["0982 335 118", "2.456.789", "SAN JOSE, CASA 14"],
     names=["G0NZALEZ", "0RTIZ", "DERLIS FRETES", "NILSA", "CARD0ZO", "MARIA GONZALEZ"],
     keep=["NOTA MANUSCRITA (TRANSCRIPCION OCR) – HALLADA EN LA HABITACION 3", "A QUIEN CORRESPONDA: YO ",
           "DE 15 AÑOS DENUNCIO QUE EL SEÑOR ", "EL 2 DE MARZO A BUENOS AIRES", "SABE DONDE ESTA",
           "DE CORONEL OVIEDO.", "QUE DIOS Y LA VIRGEN DE CAACUPE ME AYUDEN.", "MADRE DE "])

_case("facebook", """Publicación de "Noticias Caaguazú al Instante" · 2 h · 🌎
🚨 URGENTE: buscamos a Yeni Fretes, de 16 años, desaparecida desde el viernes en la terminal de Coronel Oviedo. \
Cualquier dato al 0976 112 233 🙏🙏
Comentarios (48)
Rosita Benítez 😢💔 Yo la vi el jueves con un muchacho en moto, pregunten a la Rosa de la despensa
Lalo Fretes ✅ Soy el primo, gracias a todos 🙏 su mamá está re mal, escribanle al privado a @yeni.fretes16
Dolores Ortega 🌹 Que Dios y la Virgen de Caacupé la protejan, amén 🙏 que vuelva sana y en paz
Vicky Paz ⭐ Compartido. En Mercedes (Uruguay) también desapareció una chica así, ojo con las ofertas de trabajo
Admin: Gracias por compartir. Denuncias al 147 o a la Policía Nacional 911.""",
     hide=["0976 112 233", "@yeni.fretes16"],
     names=["Yeni", "Rosita", "Lalo"],
     keep=['Publicación de "Noticias Caaguazú al Instante" · 2 h · 🌎', "🚨 URGENTE: buscamos a ",
           "de 16 años, desaparecida desde el viernes en la terminal de Coronel Oviedo", "Cualquier dato al ",
           "Comentarios (48)", "Yo la vi el jueves con un muchacho en moto", "pregunten a la Rosa de la despensa",
           "Soy el primo, gracias a todos 🙏 su mamá está re mal", "Que Dios y la Virgen de Caacupé la protejan",
           "que vuelva sana y en paz", "En Mercedes (Uruguay) también desapareció una chica así",
           "ojo con las ofertas de trabajo", "Denuncias al 147 o a la Policía Nacional 911."])

_case("donor_en", """HOPE FOR TOMORROW FOUNDATION – Case Study for the U.S. Department of Labor (ILAB), May 2025
Maria Elena Torres was 14 when a recruiter promised her a job as a nanny in \
Asunción. Our caseworker, Jennifer Miller, met her at the shelter run by Grace Community Church in Ciudad del Este. \
"I will never forget the day she smiled again," Ms. Miller wrote. Maria Elena now attends the Colegio Nacional in \
Encarnación and hopes to become a nurse. Her mother, reachable at (217) 555-0143 through her cousin in Springfield, \
asked us not to publish the family's address, 1428 Elm Street, Apt 5B, Springfield, IL 62704, which we keep on file. \
Donors may write to Robert Smith, Director of Development, at rsmith@hopeforfuture.org, or visit our office in \
Washington, D.C. Thanks to your faith in our mission, 312 children in Paraguay received \
support in 2024. Will you join us this June? Mark your calendar: our Summer Gala is on June 21 at the Rose Garden \
Hotel in Victoria, Texas.""",
     hide=["(217) 555-0143", "1428 Elm Street", "IL 62704", "rsmith@hopeforfuture.org"],
     names=["Maria Elena", "Torres", "Jennifer", "Miller", "Robert Smith"],
     keep=["HOPE FOR TOMORROW FOUNDATION – Case Study for the U.S. Department of Labor (ILAB), May 2025",
           " was 14 when a recruiter promised her a job as a nanny in Asunción",
           "Our caseworker, ", "the shelter run by Grace Community Church in Ciudad del Este",
           '"I will never forget the day she smiled again," Ms. ', "attends the Colegio Nacional in Encarnación",
           "and hopes to become a nurse", "through her cousin in Springfield", "which we keep on file",
           "Director of Development", "or visit our office in Washington, D.C.",
           "Thanks to your faith in our mission, 312 children in Paraguay received support in 2024",
           "Will you join us this June? Mark your calendar: our Summer Gala is on June 21",
           "Rose Garden Hotel in Victoria, Texas"])

_case("jopara", """E: ¿Mba'éichapa, señora? ¿Mba'éichapa nde réra?
M: Che réra Eusebia Martínez, aiko Caaguazúpe, compañía Tres Palmas. Che memby Roberto oho Buenos Airespe 2023-pe, \
peteĩ karai Juan Carlos Ayala ogueraha chupe oñemba'apo haguã peteĩ taller-pe. Robertope ndopagái mba'eve, \
ha Juan Carlos Ayalagui okyhyje. Ko'ãga Robertokuéra oĩ Florencio Varela-pe. Iteléfono ha'e 0983 227 456.
E: ¿Ha mba'e ojapo la fiscalía?
M: Aha Fiscalía-pe Coronel Oviedo-pe, ha pe fiscal he'i chéve ojapotaha peteĩ denuncia. Ára ha ára añembo'e \
Tupãme ha Virgen de Caacupépe. Ko ára hakuetereiete, ha pyharekue jasy porã. Che ména ha'e leal, ha che membykuña \
oiko Asunciónpe, omba'apo peteĩ óga porãme Villa Morra-pe.""",
     hide=["0983 227 456"],
     names=["Eusebia", "Martínez", "Roberto", "Juan Carlos", "Ayala"],
     keep=["¿Mba'éichapa, señora? ¿Mba'éichapa nde réra?", "Che réra ", "aiko Caaguazúpe, compañía Tres Palmas",
           "Che memby ", " oho Buenos Airespe 2023-pe", "peteĩ karai ", " ogueraha chupe oñemba'apo haguã peteĩ "
           "taller-pe", "pe ndopagái mba'eve", "gui okyhyje", " oĩ Florencio Varela-pe",
           "¿Ha mba'e ojapo la fiscalía?", "Aha Fiscalía-pe Coronel Oviedo-pe",
           "ha pe fiscal he'i chéve ojapotaha peteĩ denuncia", "Ára ha ára añembo'e Tupãme ha Virgen de Caacupépe",
           "Ko ára hakuetereiete, ha pyharekue jasy porã", "Che ména ha'e leal",
           "che membykuña oiko Asunciónpe", "omba'apo peteĩ óga porãme Villa Morra-pe"])


@pytest.fixture(scope="module")
def listed():
    return Redactor(NAMES)


# --- 1. whole texts of each genre -----------------------------------------------------------------------------------

test_each_genre_hides_its_identifiers_and_keeps_every_trap = genre_test(CASES)


def test_the_assembly_minutes_read_with_their_table_and_signatures_hidden():
    out = redact(CASES.text("acta_asamblea"))
    assert "1 | [nombre] | [cédula] | (firmado)" in out
    assert "Firma: [nombre] – Presidente" in out
    assert "Aclaración de firma: [nombre], [cédula]" in out


# --- 2. what round 10 left ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a listed given name that is a word never said with "la" ("el jazmín"): after "la" it is her
    ("si, la Jazmin ya sabe. 500 mil adelantado", "si, la [nombre] ya sabe. 500 mil adelantado"),
    ("le dije que la jazmin no puede ir", "le dije que la [nombre] no puede ir"),  # a voice note: no capitals
    # Dolores Benítez is listed, nobody named Milagros is
    ("La Jazmín llegó con la Dolores y la Milagros.", "La [nombre] llegó con la [nombre] y la Milagros."),
])
def test_a_listed_given_name_that_is_a_word_is_hidden_after_la(text, expected, listed):
    assert listed.redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("N.N., hijo de Juan Benítez y de María Ortiz, de 16 años", "N.N., hijo de [nombre] y de [nombre], de 16 años"),
    ("hija de don Aníbal Cáceres y de doña Petrona Villalba", "hija de don [nombre] y de doña [nombre]"),
    ("HIJO DE JUAN ACUÑA Y DE MARÍA BENEGAS, de profesión", "HIJO DE [nombre] Y DE [nombre], de profesión"),
    ("hijo de Juan y de María", "hijo de [nombre] y de [nombre]"),
    ("hija de padre desconocido y de Ramona Leal", "hija de padre desconocido y de [nombre]"),
    ("the son of John Smith and Mary Smith", "the son of [nombre] and [nombre]"),
])
def test_the_parents_of_someone_nobody_listed_are_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a badge or credential is a number in a force's register, not a cédula
    ("El agente de guardia, placa N° 4521, llegó", "El agente de guardia, placa N° [registro], llegó"),
    ("el inspector con credencial N° 0457", "el inspector con credencial N° [registro]"),
    # a 10-digit IPS number is no phone
    ("Su número de asegurado del IPS es 0012345678.", "Su número de asegurado del IPS es [registro]."),
    ("el IPS N° 0981234567 figura en la ficha", "el IPS N° [registro] figura en la ficha"),
    ("asegurado N° 5012344 en el IPS", "asegurado N° [registro] en el IPS"),
    # what is a phone or a cédula stays one
    ("su celular es 0981234567", "su celular es [teléfono]"),
    ("C.I. N° 4.567.890", "[cédula]"),
])
def test_badge_credential_and_ips_numbers_are_labelled_as_records(text, expected):
    assert redact(text) == expected


def test_a_badge_and_an_ips_number_are_labelled_in_the_readers_language():
    assert redact("badge number 55871; IPS no.: 0012345678", lang="en") == \
        "badge number [record no.]; IPS no.: [record no.]"


# --- 3. each new kind of identifier, alone --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # a voice note's transcript spaces a cédula; an Argentine DNI said a few words after its word
    ("la cedula de la nena es 5 678 123 me dijo", "la cedula de la nena es [cédula] me dijo"),
    ("DNI argentino para extranjeros N° 95.123.456 (tramitado en Posadas)",
     "DNI argentino para extranjeros N° [cédula] (tramitado en Posadas)"),
    # Spain's NIE and DNI with their letter
    ("NIE Y-1234567-L, empadronada", "NIE [cédula], empadronada"),
    ("tenía NIE X2345678T y DNI español 12345678Z.", "tenía NIE [cédula] y DNI español [cédula]."),
    # a form's field that names one person, nobody having listed them
    ("Paciente: Camila Soledad Rojas. C.I. N°", "Paciente: [nombre]. C.I. N°"),
    ("Firma: Celso Aquino – Secretario", "Firma: [nombre] – Secretario"),
    ("Niña: Ana Belén Duarte, 13 años", "Niña: [nombre], 13 años"),
    # a US phone and street address
    ("reachable at (217) 555-0143 through", "reachable at [teléfono] through"),
    ("the family's address, 1428 Elm Street, Apt 5B, Springfield, IL 62704, which", "the family's address, "
     "[dirección], which"),
    ("she lived at 52 North Oak Ave. until May", "she lived at [dirección] until May"),
])
def test_a_new_kind_of_identifier_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    # OCR reads a capital O as a zero
    ("YO MARIA G0NZALEZ MADRE DE JAZMIN 0RTIZ", "YO Madre WA-1 MADRE DE Niña WA-1"),
    ("LA SEÑORA NILSA CARD0ZO SABE", "LA SEÑORA [nombre] SABE"),
    # a diminutive of a given name that is a word, with the surname
    ("Rosita Benítez 😢💔 Yo la vi el jueves", "[nombre] 😢💔 Yo la vi el jueves"),
])
def test_a_listed_person_is_hidden_in_these_genres(text, expected, listed):
    assert listed.redact(text) == expected


def test_the_quick_check_lets_an_ocr_name_a_parent_and_a_patient_through(listed):
    texts = ["CARD0ZO SABE DONDE ESTA", "hijo de Juan Benítez y de María Ortiz", "Paciente: Camila Rojas",
             "la fiscalía pidió el acta"]
    assert listed.may_need_findings(texts) == [True, True, True, False]
    assert [bool(f) for f in listed.findings_many(texts)] == [True, True, True, False]
    assert listed.findings_many(texts) == [listed.findings(t) for t in texts]


# --- 4. what looks like those and stays -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "El jazmín del patio y la Hija de Dios y de la Virgen", "hijo de Dios y de la Virgen María",
    "las Hijas de María Auxiliadora", "Paciente: Refiere dolor abdominal.", "Firma: Director General",
    "Madre: no sabe", "Víctima: Niña de 14 años", "In 2024 Victoria Street was closed", "Mark your calendar: June 21",
    "vuelo UX 042 a Madrid", "consulta N° 4521/2025", "Rose Garden Hotel in Victoria, Texas",
    "Juez de Paz de Horqueta", "luz eléctrica de la ANDE", "refiere dolores en las rodillas", "la rosa ya floreció",
    "Se fue a Mercedes, en Corrientes", "la Blanca de la estancia", "una relación leal", "312 children in Paraguay",
    "Pilar llegó. Vivimos en Pilar con la pilar.", "el número 2024 de la revista", "X1234567 es un código",
])
def test_what_only_looks_like_a_new_identifier_stays(text, listed):
    assert redact(text) == text
    assert listed.redact(text) == text
