"""Redaction cases a red team left open (round 9), in genres not tried before: a police intervention report with
ranks and badge numbers, a prosecutor's file note with case numbers, an MTESS labour inspection record with RUCs and a
farm, a shelter intake note with a nickname and a house told by its look, typed-out WhatsApp and Facebook screenshots,
a radio call-in, a jopara testimony, a Brazilian-Portuguese statement from the border and an English referral form with
coordinates, map links and remittances. Each text seeds identifiers (hidden with and without the project's names list,
or with it for names) and traps that must stay word for word: institutions, departments and districts, everyday words
that are names (rosa, paz, dolores, Mercedes, Concepción), laws, case and file numbers, years, amounts and ages."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact

# what an evaluator would list for these texts: victims, relatives, officers, employers; nicknames that are words
# listed as capitalised ("la Negrita", "el Pocho")
NAMES = NameMap({
    "Víctor Hugo Galeano": "", "Derlis Ramón Ocampo": "", "Liz Mabel Acosta": "",
    "Yessica Paola Duarte": "Víctima PJ-1",
    "Aníbal Rodríguez Cardozo": "Imputado 1", "Teresa Villalba Insfrán": "Fiscal 1", "Nilda Ferreira": "",
    "Marcos Báez": "", "Catalina Duarte de Paredes": "Madre PJ-1", "Chela": "", "Gustavo Mendieta": "",
    "Rocío Servín": "", "Ramón Benítez Acosta": "Empleador 1", "Rubén Darío Giménez": "", "Karai Chiquito": "",
    "Liliana Raquel Martínez Vera": "Niña CO-3", "Negrita": "", "Luz Marina Vera": "", "Eladio Cáceres": "",
    "Pocho": "", "Ramona Vera": "", "Dolores Ayala": "", "Mirta Lezcano": "", "Yami Benítez": "",
    "Petrona Zárate": "", "Cirilo Florentín": "", "Juana Ortiz": "Joven YH-2", "Dolores Ortiz": "",
    "Graciela Benítez": "", "Cabañas": "", "Lucas Ortiz": "", "Everaldo Souza": "", "Gaúcho": "",
    "Aurora Benítez": "", "Rosa Concepción Benítez": "", "María de la Paz Ortiz": "", "Kiara Mercedes Sanabria": "",
}, capitalised=["Negrita", "Pocho", "Chela", "Gaúcho", "Karai Chiquito"])


@dataclass
class Genre:
    text: str
    hide: list[str] = field(default_factory=list)   # identifiers gone with or without the names list
    names: list[str] = field(default_factory=list)  # gone with the names list
    keep: list[str] = field(default_factory=list)   # traps: the same words, with or without the names list


GENRES: dict[str, Genre] = {}

GENRES["acta_policial"] = Genre(
    """ACTA DE INTERVENCIÓN POLICIAL N° 112/2025
En la ciudad de Pedro Juan Caballero, departamento de Amambay, a los doce días del mes de marzo del año 2025, \
siendo las 22:40 horas, el Comisario Principal Víctor Hugo Galeano, Jefe de la Comisaría 3ª, con placa N° \
4521, acompañado del Suboficial Mayor Derlis Ramón Ocampo (placa 7788) y la Oficial Inspectora Liz Mabel \
Acosta, de la División de Trata de Personas, en cumplimiento de la orden de la Unidad Especializada de Trata \
de Personas y Explotación Sexual de Niños, Niñas y Adolescentes, se constituyeron en el local nocturno \
denominado "Pub La Frontera", sito en la calle Tte. Herrero Bueno N° 1450 casi Mcal. López, barrio Jardín \
Aurora, con coordenadas -22.5532, -55.7331.
En el lugar se encontró a tres adolescentes, una de ellas identificada como Yessica Paola Duarte, de 15 años, \
con C.I. N° 6.234.512, nacida el 04/09/2009 en Capitán Bado, quien manifestó ser de Santa Rosa del Aguaray, \
departamento de San Pedro. El encargado del local, Sr. Aníbal Rodríguez Cardozo, C.I. 3456789, con domicilio \
en Avda. Dr. Francia 880 c/ Carlos A. López, fue aprehendido conforme al art. 239 del Código Procesal Penal. \
Se incautaron dos celulares: un Samsung con la línea 0975 412 338 y un iPhone con chip Personal 0973-550-129, \
y la suma de Gs. 3.450.000 en efectivo. La camioneta Toyota Hilux de chapa AAEF 215 quedó a disposición de la \
Fiscalía. Se dio intervención a la CODENI local y al Ministerio de la Niñez y la Adolescencia conforme a la \
Ley 4788/12 y la Ley 1680/01.
Firman: Comisario Principal Víctor Hugo Galeano – Suboficial Mayor Derlis Ramón Ocampo.""",
    hide=['4521', '7788', '-22.5532', '-55.7331', 'Herrero Bueno N° 1450', '6.234.512', '04/09/2009', '3456789',
          'Dr. Francia 880', '0975 412 338', '0973-550-129', 'AAEF 215'],
    names=['Galeano', 'Derlis', 'Ocampo', 'Liz Mabel', 'Acosta', 'Yessica', 'Duarte', 'Aníbal', 'Rodríguez',
           'Cardozo'],
    keep=['ACTA DE INTERVENCIÓN POLICIAL N° 112/2025', 'Pedro Juan Caballero, departamento de Amambay',
          'doce días del mes de marzo del año 2025', '22:40 horas', 'Comisario Principal', 'Comisaría 3ª',
          'Suboficial Mayor', 'Oficial Inspectora', 'División de Trata de Personas', 'de 15 años',
          'en Capitán Bado', 'Santa Rosa del Aguaray, departamento de San Pedro',
          'art. 239 del Código Procesal Penal', 'Gs. 3.450.000', 'Toyota Hilux', 'la Fiscalía', 'CODENI',
          'Ministerio de la Niñez y la Adolescencia', 'Ley 4788/12', 'Ley 1680/01', 'Pub La Frontera',
          'Unidad Especializada de Trata de Personas'])


GENRES["nota_fiscal"] = Genre(
    """NOTA DE CARPETA FISCAL
Causa N° 1234/2025 "Ministerio Público c/ Aníbal Rodríguez Cardozo s/ Trata de Personas (art. 5 Ley 4788/12)"
Carpeta fiscal N° 87/2025 – Unidad Fiscal Especializada N° 2 de Ciudad del Este.
Asunción, 3 de abril de 2025.
La Agente Fiscal Abg. Teresa Villalba Insfrán deja constancia de que en la fecha se recibió la declaración \
testimonial de la víctima, de 17 años, en cámara Gesell, con presencia de la psicóloga Lic. Nilda Ferreira y \
del Defensor Público Abg. Marcos Báez. La víctima refirió que fue captada por una mujer a quien conoce como \
"Doña Chela", que la contactó por Facebook y le ofreció empleo como niñera en Buenos Aires por 400.000 pesos. \
Viajó en el ómnibus de la empresa Nuestra Señora de la Asunción el 12/02/2025 desde la Terminal de Asunción. \
Su madre, Catalina Duarte de Paredes (C.I. N° 2.345.678, cel. 0981 233 415), vive en la compañía Potrero \
Yvate, km 41 ruta PY08, distrito de San Estanislao. Se libró oficio N° 455 a la empresa Tigo para obtener el \
registro de llamadas de la línea 0986 771 204 y al Banco Nacional de Fomento sobre la cuenta N° 001-2345678-9 \
desde la que se enviaron los giros. Próxima audiencia: 15 de mayo de 2025. Se solicita medida de protección al\
 Juzgado de la Niñez y la Adolescencia de Ciudad del Este. Expediente judicial N° 2.345/2025.""",
    hide=['2.345.678', '0981 233 415', 'Potrero Yvate, km 41', '0986 771 204', '001-2345678-9'],
    names=['Rodríguez', 'Teresa', 'Villalba', 'Nilda', 'Ferreira', 'Báez', 'Chela', 'Catalina', 'Paredes'],
    keep=['Causa N° 1234/2025', 'Ministerio Público c/', 's/ Trata de Personas (art. 5 Ley 4788/12)',
          'Carpeta fiscal N° 87/2025', 'Unidad Fiscal Especializada N° 2 de Ciudad del Este',
          'Asunción, 3 de abril de 2025.', 'La Agente Fiscal Abg.', 'de 17 años', 'cámara Gesell',
          'la psicóloga Lic.', 'Defensor Público Abg.', 'por Facebook', 'Buenos Aires por 400.000 pesos',
          'Nuestra Señora de la Asunción el 12/02/2025', 'Terminal de Asunción', 'distrito de San Estanislao',
          'oficio N° 455', 'empresa Tigo', 'Banco Nacional de Fomento', '15 de mayo de 2025',
          'Juzgado de la Niñez y la Adolescencia', 'Expediente judicial N° 2.345/2025'])


GENRES["mtess"] = Genre(
    """MINISTERIO DE TRABAJO, EMPLEO Y SEGURIDAD SOCIAL (MTESS)
Dirección General de Inspección y Fiscalización del Trabajo
ACTA DE INSPECCIÓN N° 0318/2025
En el distrito de Horqueta, departamento de Concepción, el 22 de julio de 2025, los inspectores de trabajo \
Lic. Gustavo Mendieta (credencial N° 0457) y Abg. Rocío Servín se constituyeron en el establecimiento ganadero\
 "Estancia Santa María", ubicado a 38 km de la ruta PY05, propiedad de la firma Comercial Benítez e Hijos \
S.R.L., RUC 80045123-7, representada por el Sr. Ramón Benítez Acosta, C.I. 1.987.654, RUC 1987654-3, teléfono \
(0331) 242 118.
Se constató la presencia de 14 trabajadores, de los cuales 3 son adolescentes de 15 a 17 años, sin inscripción\
 en el Instituto de Previsión Social (IPS) ni contrato escrito. El capataz, conocido como "Karai Chiquito", \
reconoció que les pagan Gs. 60.000 por jornal, por debajo del salario mínimo de Gs. 2.798.309. El adolescente \
Rubén Darío Giménez, de 16 años, asegurado N° 5012344 en el IPS a nombre de su padre, relató jornadas de 5 a \
19 horas. Se labra la presente conforme a la Ley 213/93 Código del Trabajo, el Decreto 4951/05 sobre trabajo \
infantil peligroso y el Convenio 138 de la OIT. Se otorga un plazo de 10 días hábiles para regularizar la \
situación en la Oficina Regional del MTESS en Concepción.""",
    hide=['0457', '80045123-7', '1.987.654', '1987654-3', '242 118', '5012344'],
    names=['Gustavo', 'Mendieta', 'Rocío', 'Servín', 'Benítez', 'Ramón', 'Karai Chiquito', 'Rubén', 'Giménez'],
    keep=['MINISTERIO DE TRABAJO, EMPLEO Y SEGURIDAD SOCIAL (MTESS)', 'ACTA DE INSPECCIÓN N° 0318/2025',
          'distrito de Horqueta, departamento de Concepción, el 22 de julio de 2025', 'inspectores de trabajo Lic.',
          '"Estancia Santa María", ubicado a 38 km de la ruta PY05', 'Comercial ', ' e Hijos S.R.L.',
          '14 trabajadores', '3 son adolescentes de 15 a 17 años', 'Instituto de Previsión Social (IPS)',
          'Gs. 60.000 por jornal', 'salario mínimo de Gs. 2.798.309', 'de 16 años', 'de 5 a 19 horas',
          'Ley 213/93 Código del Trabajo', 'Decreto 4951/05', 'Convenio 138 de la OIT', '10 días hábiles',
          'Oficina Regional del MTESS en Concepción.'])


GENRES["albergue"] = Genre(
    """HOGAR TRANSITORIO "ÑANDE RÓGA" – FICHA DE INGRESO
Fecha de ingreso: 05/06/2025. Derivada por: Juzgado de la Niñez y la Adolescencia de Caaguazú, oficio N° \
781/2025, a pedido de la CODENI de Coronel Oviedo.
Nombre: Liliana Raquel Martínez Vera. Apodo: "la Negrita". Edad: 13 años. Fecha de nac.: 17/11/2011. C.I.: no \
tiene. Escolaridad: 6° grado, Escuela Básica N° 1234 Virgen de la Paz (abandonó en 2024).
Familia: madre Luz Marina Vera (32 años), cel. 0994 318 227; padrastro Eladio Cáceres, alias "Pocho", con \
antecedentes. La niña vivía con su tía Ramona Vera en el barrio San Blas, casa 14, de Coronel Oviedo: la casa \
de rejas verdes frente a la capilla San Roque.
Motivo: explotación sexual comercial; la niña refiere que el Pocho la llevaba a la estación de servicio sobre \
la ruta PY02 y cobraba Gs. 100.000 por vez. Refiere dolores abdominales y ardor al orinar; se solicita \
atención en el Hospital Regional. Presenta una mancha rosa en el brazo izquierdo. Dice que extraña a su perra \
Luna.
Estado emocional: llora al hablar de su madre; dice sentirse en paz en el hogar. Observaciones: no recibir \
visitas del padrastro (medida de protección del Juzgado). Recibe la visita de la tía los martes.
Responsable de ingreso: Lic. Dolores Ayala, trabajadora social.""",
    hide=['17/11/2011', '0994 318 227', 'San Blas, casa 14', 'rejas verdes frente a la capilla San Roque',
          'N° 1234 Virgen'],
    names=['Liliana', 'Martínez', 'Negrita', 'Luz Marina', 'Eladio', 'Cáceres', 'Pocho', 'Ramona', 'Dolores Ayala'],
    keep=['Fecha de ingreso: 05/06/2025.', 'Juzgado de la Niñez y la Adolescencia de Caaguazú',
          'oficio N° 781/2025', 'CODENI de Coronel Oviedo', 'Edad: 13 años.', 'C.I.: no tiene.', '6° grado',
          '(abandonó en 2024)', '(32 años)', 'de Coronel Oviedo', 'explotación sexual comercial',
          'sobre la ruta PY02', 'Gs. 100.000 por vez', 'Refiere dolores abdominales', 'Hospital Regional',
          'una mancha rosa en el brazo', 'su perra Luna', 'sentirse en paz en el hogar', 'los martes',
          'trabajadora social', 'su tía ', 'madre '])


GENRES["whatsapp_fb"] = Genre(
    """[Captura 1 – grupo de WhatsApp "Trabajo Bs As"]
[14/03/25, 21:14] Rosita Py: chicas les paso el contacto de la señora que busca niñeras, paga en dólares
[14/03/25, 21:15] Rosita Py: +54 9 11 6234-5512 es de la Sra. Mirta, díganle que van de parte mía
[14/03/25, 21:17] +595 985 662 103: cuantos años tienen que tener?
[14/03/25, 21:18] Rosita Py: de 15 para arriba nomas, el pasaje paga ella
[14/03/25, 21:20] Rosita Py: https://chat.whatsapp.com/HkQ4s8bLm2T0aZ1xYp9 unanse al grupo nuevo
[Captura 2 – Facebook]
Perfil: Mirta Lezcano (@mirta.lezcano.75) · Vive en Buenos Aires · De Encarnación
Publicación: "Busco chica responsable para cuidar niños, cama adentro, 350 mil pesos. Escribir al privado o al\
 WhatsApp 011 15 6234 5512"
Comentarios: Yami Benítez: "me interesa señora" · @sole.ramirez.py etiquetó a @yamibenitez_03
Link del perfil: https://www.facebook.com/mirta.lezcano.75
[Captura 3 – TikTok] Video de @la_tia_mirta con 12,4 mil vistas: "trabajo para chicas paraguayas, link en bio"\
 (video borrado)""",
    hide=['6234-5512', '985 662 103', 'HkQ4s8bLm2T0aZ1xYp9', '@mirta.lezcano.75', 'sole.ramirez', 'yamibenitez_03',
          'mirta.lezcano.75', 'la_tia_mirta', '6234 5512'],
    names=['Mirta', 'Lezcano', 'Yami'],
    keep=['grupo de WhatsApp "Trabajo Bs As"', '[14/03/25, 21:14]', '[14/03/25, 21:20]', 'paga en dólares',
          'de 15 para arriba nomas', 'Vive en Buenos Aires · De Encarnación', '350 mil pesos', '12,4 mil vistas',
          '[Captura 3 – TikTok]', 'https://www.facebook.com/', 'chat.whatsapp.com/',
          'cuantos años tienen que tener?'])


GENRES["radio"] = Genre(
    """RADIO ÑANDUTÍ – Programa "La Mañana", 9 de octubre de 2025
LOCUTORA: Buen día, Paraguay. Hoy hablamos de trabajo infantil en las olerías de Tobatí, departamento de \
Cordillera. Tenemos en línea a una oyente.
OYENTE: Hola, buen día, habla Ña Petrona Zárate de Tobatí, compañía Costa Alegre. Quiero denunciar que mi \
vecino, don Cirilo Florentín, tiene trabajando en su olería a mis sobrinos de 10 y 12 años, desde las 5 de la \
mañana.
LOCUTORA: Gracias, doña Petrona. ¿Nos deja su número para que la llame la producción?
OYENTE: Sí, es el cero nueve siete uno, cuatro cinco dos, tres tres ocho. Y la olería queda en la calle \
Sargento Silva 345 casi Yegros, la casa de portón negro al lado del almacén.
LOCUTORA: Le recordamos a los oyentes que pueden denunciar al 147 Fono Ayuda, gratuito, o al MTESS. La Ley \
5407/15 del trabajo doméstico y el Código de la Niñez prohíben el trabajo de menores de 14 años. Vamos a una \
pausa: la canción es "Recuerdos de Ypacaraí".
LOCUTORA: Volvemos. Nos escribe la señora Mercedes desde Santa Rosa, Misiones: "Acá en San Pedro del Paraná \
pasa lo mismo con los chicos en la zafra de la caña". Gracias, oyente. Y un saludo a Kiara Mercedes Sanabria, \
que cumple 15 años.""",
    hide=['cero nueve siete uno', 'Sargento Silva 345', 'portón negro al lado del almacén'],
    names=['Petrona', 'Zárate', 'Cirilo', 'Florentín', 'Kiara', 'Sanabria'],
    keep=['RADIO ÑANDUTÍ', '9 de octubre de 2025', 'olerías de Tobatí, departamento de Cordillera',
          'de Tobatí, compañía Costa Alegre', 'de 10 y 12 años', 'las 5 de la mañana', '147 Fono Ayuda', 'MTESS',
          'Ley 5407/15', 'Código de la Niñez', 'menores de 14 años', 'Recuerdos de Ypacaraí',
          'desde Santa Rosa, Misiones', 'San Pedro del Paraná', 'zafra de la caña', 'cumple 15 años',
          'LOCUTORA: Volvemos.', 'Ña ', 'don ', 'doña '])


GENRES["jopara"] = Genre(
    """Entrevistadora: ¿Mba'éichapa? ¿Moõgui piko nde?
Entrevistada: Che aju Yhú-gui, Caaguazú departamento-pe. Che réra Juana Ortiz, ha che sy, Dolores Ortiz, oiko \
gueteri upépe. Che aha 13 áño reheve amba'apo Asunción-pe peteĩ señora rógape, Doña Graciela Benítez rógape, \
barrio Sajonia-pe. Ha'e ome'ẽ chéve 150 mil por mes, pero nome'ẽi chéve la plata, he'i omondotaha che sýpe por\
 Tigo Money, al 0982 114 509. Upéi ojapo chéve mbaretépe... (llora) Che akañy upégui, ha peteĩ policía, \
sargento Cabañas, ogueraha chéve Fiscalía-pe. Ko'ágã aiko che tía Ramona rógape, Ñemby-pe, ha ahayhu che \
sobrino Luquitas-pe. Ndaipóri che cédula, opyta la señora pópe: 5.432.109 niko.
Entrevistadora: ¿Ha nde sy ohechápa chupe?
Entrevistada: Nahániri. Mamá ndoikuaái mba'eve, che rasy dolores de cabeza rehe. Ha'e oiko Yhú-pe, Pindoty Ñu \
pegua.""",
    hide=['0982 114 509', '5.432.109'],
    names=['Juana', 'Dolores Ortiz', 'Graciela', 'Cabañas', 'Ramona'],
    keep=['Yhú-gui, Caaguazú departamento-pe', '13 áño', 'Asunción-pe', 'barrio Sajonia-pe', '150 mil por mes',
          'Tigo Money', 'Fiscalía-pe', 'Ñemby-pe', 'Mamá ndoikuaái', 'dolores de cabeza rehe', 'Yhú-pe',
          "Mba'éichapa", 'sargento ', 'che tía '])


GENRES["portugues"] = Genre(
    """Depoimento colhido em Foz do Iguaçu (PR), 18/08/2025, pelo Conselho Tutelar:
A adolescente paraguaia, de 16 anos, disse que foi trazida de Ciudad del Este pela Ponte da Amizade por um \
homem chamado Everaldo Souza, conhecido como "Gaúcho", que a levou para a boate Star Night, na Rua Almirante \
Barroso, 1250, Centro. O CPF dele é 123.456.789-09 e o telefone (45) 99876-5432. Ela dormia numa casa de \
madeira azul atrás do posto Ipiranga. Ele pagava R$ 50 por programa e mandava o dinheiro pelo Pix 45998765432 \
para a mãe dela, Dona Aurora Benítez, que mora em Hernandarias. O RG da adolescente, nº 7.654.321, foi retido.\
 A Polícia Federal e o Ministério Público do Trabalho foram acionados, conforme o ECA (Lei 8.069/90).""",
    hide=['Almirante Barroso, 1250', '123.456.789-09', '99876-5432', '45998765432', '7.654.321',
          'madeira azul atrás do posto'],
    names=['Everaldo', 'Souza', 'Gaúcho', 'Aurora Benítez'],
    keep=['Foz do Iguaçu (PR), 18/08/2025', 'Conselho Tutelar', 'de 16 anos', 'Ciudad del Este', 'Ponte da Amizade',
          'R$ 50 por programa', 'mora em Hernandarias', 'Polícia Federal', 'Ministério Público do Trabalho',
          'ECA (Lei 8.069/90)', 'Dona '])


GENRES["ficha_en"] = Genre(
    """IOM REFERRAL FORM – Case PY-2025-0412 (shared with MINNA and the Fiscalía)
Name: Liliana Raquel Martínez Vera   DOB: 2011-11-17   Age: 13
National ID: none. Social security (IPS) no.: 4409873. Mother's mobile: +595 994 318 227.
Last known location: Lat -25.4468, Long -56.4442 (Coronel Oviedo, Caaguazú). Also seen at 25°26'48"S \
56°26'39"W.
Map link: https://maps.app.goo.gl/Zk3u7PqR9sYb2 and https://www.google.com/maps?q=-25.4468,-56.4442
Remittances: received Tigo Money transfers to 0983 445 120; Western Union MTCN 8273645190.
Mother's bank: Visión Banco, savings account 12-0045871-3. Argentine CBU 0170099220000067797370.
Risk: the Rosa Concepción Benítez network operates in Concepción and San Pedro; the Paz del Chaco bus line was\
 used. 3 victims, aged 13-17; fines up to Gs. 50.000.000 (Law 4788). Peace and light ("paz y luz") is the \
shelter's motto.""",
    hide=['2011-11-17', '4409873', '994 318 227', '-25.4468', '-56.4442', '25°26\'48"S', '56°26\'39"W',
          'Zk3u7PqR9sYb2', '0983 445 120', '8273645190', '12-0045871-3', '0170099220000067797370'],
    names=['Liliana', 'Martínez', 'Rosa Concepción'],
    keep=['Case PY-2025-0412', 'MINNA and the Fiscalía', 'Age: 13', 'National ID: none.',
          '(Coronel Oviedo, Caaguazú)', 'Visión Banco', 'operates in Concepción and San Pedro',
          'Paz del Chaco bus line', '3 victims, aged 13-17', 'Gs. 50.000.000 (Law 4788)',
          'Peace and light ("paz y luz")', 'https://maps.app.goo.gl/', 'Tigo Money'])


@pytest.fixture(scope="module")
def listed():
    return Redactor(NAMES)


# --- 1. whole texts of each genre ------------------------------------------------------------------------------------

@pytest.mark.parametrize("genre", list(GENRES))
@pytest.mark.parametrize("with_names", [False, True], ids=["no-names", "names"])
def test_each_genre_hides_its_identifiers_and_keeps_every_trap(genre, with_names, listed):
    case = GENRES[genre]
    out = listed.redact(case.text) if with_names else redact(case.text)
    assert [s for s in case.hide if s in out] == []
    assert [s for s in case.keep if s not in out] == []
    if with_names:
        assert [s for s in case.names if s in out] == []


def test_the_acta_reads_with_its_ranks_and_placeholders(listed):
    out = listed.redact(GENRES["acta_policial"].text)
    assert "el Comisario Principal [nombre], Jefe de la Comisaría 3ª, con placa N° [registro]" in out
    assert "sito en la [dirección], barrio Jardín Aurora, con coordenadas [dirección]." in out
    assert "con domicilio en [dirección], fue aprehendido" in out  # "c/ Carlos A. López" goes whole


# --- 2. each new kind of identifier, alone ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # badges and credentials: the number names one officer or inspector
    ("con placa N° 4521, acompañado", "con placa N° [registro], acompañado"),
    ("el Suboficial Mayor (placa 7788) y la Oficial", "el Suboficial Mayor (placa [registro]) y la Oficial"),
    ("el agente con placa N° 12.345 llegó", "el agente con placa N° [registro] llegó"),
    ("Lic. Mendieta (credencial N° 0457)", "Lic. Mendieta (credencial N° [registro])"),
    # IPS (social security) numbers
    ("asegurado N° 5012344 en el IPS", "asegurado N° [registro] en el IPS"),
    ("Social security (IPS) no.: 4409873.", "Social security (IPS) no.: [registro]."),
    ("N° de asegurado: 1234567", "N° de asegurado: [registro]"),
    # birth dates written as forms write them
    ("DOB: 2011-11-17   Age: 13", "DOB: [fecha de nacimiento]   Age: 13"),
    ("F. de nac.: 03-ago-2010", "F. de nac.: [fecha de nacimiento]"),
    ("tiene 14 años, nació un 3 de agosto de 2010", "tiene 14 años, nació un [fecha de nacimiento]"),
    # Argentina's and Brazil's phones as written there
    ("al WhatsApp 011 15 6234 5512", "al WhatsApp [teléfono]"),
    ("o telefone (45) 99876-5432.", "o telefone [teléfono]."),
    # Brazil's CPF and RG
    ("O CPF dele é 123.456.789-09 e", "O CPF dele é [cédula] e"),
    ("CPF: 12345678909", "[cédula]"),
    ("RG: 9.876.543-2 SSP/PR", "[cédula] SSP/PR"),
    # money: a Pix key, an Argentine CBU, a transfer's code
    ("mandava o dinheiro pelo Pix 45998765432 para", "mandava o dinheiro pelo Pix [cuenta] para"),
    ("Argentine CBU 0170099220000067797370.", "Argentine CBU [cuenta]."),
    ("Western Union MTCN 8273645190.", "Western Union MTCN [cuenta]."),
    ("código de envío: 123-456-789", "código de envío: [cuenta]"),
    # handles: a group invite, a bare @handle, a handle said after its network without its @
    ("https://chat.whatsapp.com/HkQ4s8bLm2T0aZ1xYp9 unanse", "https://chat.whatsapp.com/[perfil] unanse"),
    ("Mirta (@mirta.lezcano.75) · Vive", "Mirta ([perfil]) · Vive"),
    ("@sole.ramirez.py etiquetó a @yamibenitez_03", "[perfil] etiquetó a [perfil]"),
    ("mi ig es rosita.ayala_98 y", "mi ig es [perfil] y"),
    ("Perfil de Instagram: rosita.ayala_98", "Perfil de Instagram: [perfil]"),
    # streets: Portuguese, and a street named with an initial
    ("na Rua Almirante Barroso, 1250, Centro.", "na [dirección], Centro."),
    ("en Avda. Dr. Francia 880 c/ Carlos A. López, fue", "en [dirección], fue"),
])
def test_a_new_kind_of_identifier_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("con coordenadas -22.5532, -55.7331.", "con coordenadas [dirección]."),
    ("Ubicación compartida: -25.2867,-57.6470", "Ubicación compartida: [dirección]"),
    ("GPS 25.2867 S, 57.6470 O", "GPS [dirección]"),
    ("Lat -25.4468, Long -56.4442 (Coronel Oviedo)", "Lat [dirección], Long [dirección] (Coronel Oviedo)"),
    ("Also seen at 25°26'48\"S 56°26'39\"W.", "Also seen at [dirección]."),
    ("S 25° 17.123' W 57° 38.456'", "[dirección]"),
    ("https://maps.app.goo.gl/Zk3u7PqR9sYb2 y", "https://maps.app.goo.gl/[dirección] y"),
    ("https://www.google.com/maps?q=-25.4468,-56.4442", "https://www.google.com/maps[dirección]"),
    # a house told by its look and a landmark
    ("vivía con su tía en la casa de rejas verdes frente a la capilla San Roque.",
     "vivía con su tía en la [dirección]."),
    ("la olería queda en la casa de portón negro al lado del almacén.", "la olería queda en la [dirección]."),
    ("Ela dormia numa casa de madeira azul atrás do posto Ipiranga.", "Ela dormia numa [dirección]."),
    ("la casita de madera, atrás del oratorio Virgen de Caacupé, ahí vive", "la [dirección], ahí vive"),
    ("su casa es la de portón azul que está al lado de la iglesia", "su [dirección]"),
])
def test_a_place_without_a_street_number_is_hidden(text, expected):
    assert redact(text) == expected


def test_a_place_placeholder_is_in_the_readers_language():
    assert redact("Location: -25.4468, -56.4442", lang="en") == "Location: [address]"


@pytest.mark.parametrize("text", [
    "la casa de rejas verdes frente a la capilla", "https://maps.app.goo.gl/ZkqPqRsYb", "etiquetó a @rosita.ayala",
    "mi ig es rosita.ayala_py",
])
def test_the_quick_check_lets_a_place_or_handle_without_digits_through(text):
    r = Redactor()
    assert r.findings(text) and r.may_need_findings([text, "la fiscalía pidió el acta"]) == [True, False]


# --- 3. what looks like those and stays -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "la placa de yeso y la placa madre", "una placa conmemorativa de 2019", "compró 20 chapas de zinc",
    "placa N° 12 del cementerio", "legajo del caso 1234/2025", "legajo N° 1234/2025", "credencial de prensa",
    "kappa 0.7812, 0.8123", "alfa -0.1234, -0.5678", "α = 0.8123; 0.7654", "14,5678; 23,4567 de promedio",
    "la temperatura llegó a 38° a la sombra", "a long 12.345 km walk", "el GPS marcaba 25.2867 km",
    "la casa de mi abuela, al lado de la escuela", "Vivían en la casa del patrón, frente a la capilla",
    "La Casa de la Mujer, al lado de la Fiscalía", "la casa rosada", "la camioneta blanca frente a la casa",
    "casa de 2 pisos frente a la plaza",
    "Fecha: 2025-06-11", "Ley 4788 (versión 2012-04-05)", "nacida en 2009-2010", "Lei 8.069/90",
    "(15) 2019-2020 fue la década", "Resolución 123.456/2025", "el IPS: 1500000 asegurados",
    "asegurada desde el año 2015", "el IPS N° 3 de Luque", "seguro social 2025", "el pix de 50 reais",
    "Pix de R$ 1500000", "niñ@s y tod@s", "nos vemos @ las 5", "la RG 2025 del MTESS", "la Rua Principal",
    "ignore_index", "instagram es una red. La otra", "Instagram: www.instagram.com",
])
def test_what_only_looks_like_a_new_identifier_stays(text):
    assert redact(text) == text


TRAPS = """La señora de vestido rosa vino desde Mercedes (Corrientes) a Concepción. Sintió dolores fuertes. La luz \
se cortó en San Pedro; hay paz en Santa Rosa. Dolores no es un nombre aquí: dolores de parto. El Ministerio de la \
Niñez, la CODENI y el MTESS firmaron el acta; la Ley 4788 y la Ley 1657/01 rigen. En 2024 hubo 1.200 denuncias y \
3.450.000 guaraníes de multa. La niña tiene 14 años y pesa 42 kilos. Horario: 08:00 a 17:00. Expediente N° \
1234567/2025. Resolución MTESS N° 701/2019. Calle principal sin número. Vive en la Virgen de la Paz y en María \
Auxiliadora, Estancia Santa María, departamento de Concepción."""


@pytest.mark.parametrize("with_names", [False, True], ids=["no-names", "names"])
def test_everyday_words_places_institutions_and_numbers_stay_word_for_word(with_names, listed):
    assert (listed.redact(TRAPS) if with_names else redact(TRAPS)) == TRAPS


# --- 4. names in these genres ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Catalina Duarte Vda. de Paredes", "Madre PJ-1"),
    ("la Sra. Benítez viuda de Ortiz vino", "la Sra. [nombre] vino"),
    ("Comercial Benítez e Hijos S.R.L.", "Comercial [nombre] e Hijos S.R.L."),
    ('Apodo: "la Negrita". Edad: 13 años; en negrita el título',
     'Apodo: "la [nombre]". Edad: 13 años; en negrita el título'),
    ("ahayhu che sobrino Luquitas-pe", "ahayhu che sobrino [nombre]-pe"),
    ("Ko'ágã aiko che tía Ramona rógape", "Ko'ágã aiko che tía [nombre] rógape"),
    ("seu Everaldo e a Dona Aurora Benítez", "seu [nombre] e a Dona [nombre]"),
    ("Crio. Ppal. Víctor H. Galeano firmó", "Crio. Ppal. [nombre] firmó"),
])
def test_a_listed_person_is_hidden_in_these_genres(text, expected, listed):
    assert listed.redact(text) == expected


def test_a_widow_word_without_a_listed_name_before_it_stays(listed):
    assert listed.redact("la viuda de Paredes vino") == "la viuda de Paredes vino"
