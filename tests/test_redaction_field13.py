"""Redaction cases a red team left open (round 13): genres and identifiers not tried before. A WhatsApp group exported
as text (phone numbers and "~ Lu💕" display names as senders, members added); a bank transfer, a Tigo Money and a
Western Union receipt (accounts, wallets, operation and transaction numbers, a withdrawal code, a Mercado Pago alias,
the wallet holder's name in brackets); a social worker's genogram and a follow-up report naming relatives without a
comma ("su tío Celso Ramírez", "la madrina Estela Ortiz", "Mi hija Nati", "Kevin Meza (17)"); a hotel's guest register;
the list of children rescued in an operation (ages and grades); a jopara interview with Guaraní kin words before names
("che sy Eladia", "che ru Bernardo Giménez", "Che ryke'y Aníbal"); an English legal-services case note (SSN, A-Number,
driver's licence, Medicaid, a US phone and street address); a safe house's transfer protocol (coordinates, a map link,
a Plus Code, "km 27 ruta PY02, compañía ...", a house told by its look and its side); a cybercrime unit's grooming
report (Instagram, Facebook and TikTok profiles, a game nick, a Discord tag, IPv4 and IPv6 addresses); a border post's
log (Argentine, Brazilian, Bolivian and Paraguayan passports, "a nombre de BARRIOS, Walter Hugo"); and an estancia's
store book (forced labour by debt). Each text seeds identifiers (hidden with and without the project's names list, or
with it for names) and traps that must stay word for word: laws, resolutions, amounts, versions, ports, a toll-free
hotline, institutions with a kin word or a saint in their names ("Fundación Tía Encarnación", "La Hermana Superiora",
"Ñande Ru Tupã", "El Padre Nuestro", "our partner Grace Community Church"). A child's school named with their grade
and a family's street corner are hidden by design (rounds 8 and 10), so the traps around them are the words beside.
A person after an honorific ("la Sra. Graciela", "Mr. Gary Thompson") is hidden without the list since this round's
closing change (tests/test_redaction_names.py); here they are checked with the list, as the red team wrote them."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact
from redteam import Cases, genre_test

# what an evaluator would list for these texts: victims, relatives, recruiters, officials named in them
NAMES = NameMap({
    "Derlis Fretes": "", "Mirtha Villalba": "", "Natalia Villalba": "Niña WG-1", "Fátima Ortiz": "",
    "Graciela Acosta": "", "Lucía Benítez": "",
    "Graciela Noemí Acosta": "", "Ramón Ortiz Leiva": "", "Hugo Báez": "", "Petrona Giménez": "", "Mirta Benítez": "",
    "Fátima Belén Cabrera": "Niña GE-1", "Nilda Cabrera": "", "Aurelio Meza": "", "Kevin Meza": "", "Brenda Meza": "",
    "Julio Ruiz Díaz": "", "Cirila Vera": "", "Tobías Cabrera": "", "Noelia Cabrera": "", "Bernardino Vera": "",
    "Estela Ortiz": "",
    "Hugo Daniel Brítez Rolón": "", "Marcos Ferreira da Silva": "", "Lucas Martín Pereyra": "", "Yésica Núñez": "",
    "Juana Quispe Mamani": "",
    "Araceli Noemí Núñez": "Niña RE-1", "Derlis Javier Ortiz Cáceres": "Niño RE-2", "Yamila": "",
    "Tamara Elizabeth Romero": "", "Gustavo Ferreira": "", "Emilce Núñez": "", "Rubén Ortiz": "",
    "Eladia Giménez": "Madre JP-1", "Bernardo Giménez": "", "Rodrigo Giménez": "", "Liz Giménez": "Joven JP-1",
    "Marlene Sosa": "", "Petrona Vera": "", "Celso Ramírez": "", "Norma Vera": "", "Aníbal Giménez": "",
    "Rocío Elizabeth Benítez": "Client HO-1", "Gary Thompson": "", "Camila Benítez": "", "Ashley Nguyen": "",
    "Ramón Villalba": "", "Liz Benítez": "", "Gloria Ramírez": "", "Nidia Sosa": "",
    "Noelia Paiva": "", "Walter Hugo Barrios": "", "Gilmar Souza Lima": "", "Reynaldo Mamani Choque": "",
    "Sol Ayelén Ríos": "Niña FR-1",
    "Cristóbal Giménez": "", "Kiki": "", "Marcelino Ayala Servín": "", "Rolando Ayala": "", "Ireneo Frutos": "",
    "Alemão": "",
})

CASES = Cases()
_case = CASES.add


_case("whatsapp_grupo", """Chat de WhatsApp con Trabajo Bs As 🇦🇷
[12/03/25, 21:13:58] Derlis F.: ‎Los mensajes y las llamadas están cifrados de extremo a extremo.
[12/03/25, 21:14:05] Derlis F.: Chicas mañana sale la combi a las 5 desde la terminal de Caaguazú
[12/03/25, 21:15:12] +595 981 456 789: Cuántas van?
[12/03/25, 21:16:40] ~ Lu💕: yo voy con mi prima la Fati
[12/03/25, 21:17:02] +54 9 11 2345-6789: Díganle a la Sra. Graciela que ya está el lugar
‎[12/03/25, 21:18:10] Derlis F. añadió a ‎+595 972 118 204
[12/03/25, 21:20:33] ~ Mirtha Villalba: Gracias Derlis!! Mi hija Nati tiene 15 pero parece de 18 jaja
[12/03/25, 21:21:00] +595 981 456 789: ‎<Multimedia omitido>
[12/03/25, 21:22:47] ~ Rosa: Acuérdense de llevar la cédula, el pasaje lo paga el patrón
[13/03/25, 06:02:11] Derlis F.: Salimos ya. Ubicación en tiempo real compartida""",
      hide=["+595 981 456 789", "981 456 789", "2345-6789", "972 118 204", "Mirtha Villalba", "Derlis F.", "Lu💕",
            "la Fati", "Nati", "~ Rosa"],
      names=["Derlis", "Sra. Graciela"],
      keep=["Chat de WhatsApp con Trabajo Bs As 🇦🇷", "[12/03/25, 21:13:58] ",
            "Los mensajes y las llamadas están cifrados de extremo a extremo.",
            ": Chicas mañana sale la combi a las 5 desde la terminal de Caaguazú", ": Cuántas van?",
            ": yo voy con mi prima ", ": Díganle a la ", " que ya está el lugar", " añadió a ",
            " tiene 15 pero parece de 18 jaja", "<Multimedia omitido>",
            ": Acuérdense de llevar la cédula, el pasaje lo paga el patrón",
            "[13/03/25, 06:02:11] ", ": Salimos ya. Ubicación en tiempo real compartida"])

_case("giros", """COMPROBANTE DE TRANSFERENCIA – Banco Familiar S.A.E.C.A.
Fecha: 14/03/2025 10:42. N° de operación: 987654321.
Cuenta origen: Caja de Ahorro N° 1-234567-8 – Titular: Graciela Noemí Acosta
Cuenta destino: Cta. Cte. N° 0012-3456789-01 – Banco Itaú Paraguay – Beneficiario: Ramón Ortiz Leiva, C.I. 3.456.123
Monto: Gs. 2.500.000. Comisión: Gs. 5.500. Concepto: "adelanto chicas".
TIGO MONEY – Envío de dinero. Recibiste Gs. 350.000 de la billetera 0981 765 432 (HUGO B.). Nro. de transacción: \
TM250314112233. Saldo: Gs. 412.000. Código de retiro: 845 213.
Giros Claro – giro N° 2025-031-44821 enviado por Petrona Giménez a la billetera 0991 234 567.
Western Union MTCN 123-456-7890, enviado desde Buenos Aires por Mirta Benítez, DNI 32.456.789; CBU \
0170123400000012345678; alias de Mercado Pago MIRTA.BENITEZ.MP.
Tasa de cambio: 1 ARS = 8,15 Gs. Ley N° 6497/2019 de prevención de lavado de dinero. Resolución SEPRELAD N° 70/2019.""",
      hide=["987654321", "1-234567-8", "0012-3456789-01", "Graciela Noemí Acosta", "Ramón Ortiz Leiva", "3.456.123",
            "0981 765 432", "HUGO B.", "TM250314112233", "845 213", "2025-031-44821", "Petrona Giménez",
            "0991 234 567", "123-456-7890", "Mirta Benítez", "32.456.789", "0170123400000012345678",
            "MIRTA.BENITEZ.MP"],
      keep=["COMPROBANTE DE TRANSFERENCIA – Banco Familiar S.A.E.C.A.", "Fecha: 14/03/2025 10:42. N° de operación: ",
            "Cuenta origen: Caja de Ahorro N° ", " – Titular: ", "Cuenta destino: Cta. Cte. N° ",
            " – Banco Itaú Paraguay – Beneficiario: ", 'Monto: Gs. 2.500.000. Comisión: Gs. 5.500. Concepto: '
            '"adelanto chicas".', "TIGO MONEY – Envío de dinero. Recibiste Gs. 350.000 de la billetera ",
            "Nro. de transacción: ", "Saldo: Gs. 412.000. Código de retiro: ", "Giros Claro – giro N° ",
            " enviado por ", " a la billetera ", "Western Union MTCN ", "enviado desde Buenos Aires por ",
            "alias de Mercado Pago ", "Tasa de cambio: 1 ARS = 8,15 Gs.",
            "Ley N° 6497/2019 de prevención de lavado de dinero.", "Resolución SEPRELAD N° 70/2019."])

_case("genograma", """GENOGRAMA – descripción (Equipo técnico del Programa Abrazo)
La familia es reconstituida. La niña índice, Fátima Belén Cabrera (12 años), es la tercera de cinco hermanos. Su \
madre Nilda Cabrera (34) convive desde 2019 con el padrastro Aurelio Meza (41), que tiene dos hijos de una unión \
anterior: Kevin Meza (17) y Brenda Meza (15), que trabaja en una casa de familia en Luque. El padre biológico Julio \
Ruiz Díaz falleció en 2016. La abuela materna Ña Cirila Vera (67) cría a los dos menores, Tobías y Noelia, en la \
compañía Yvyraty. Relación conflictiva entre la madre y la abuela; relación distante con el tío materno Bernardino \
Vera, que es quien llevó a Brenda a Luque. La madrina de Fátima, Estela Ortiz, vive en Buenos Aires.
Símbolos: cuadrado = varón, círculo = mujer, línea punteada = unión de hecho, X = fallecido. Fuente: entrevista \
del 3/4/2025. Programa Abrazo – Ministerio de la Niñez y la Adolescencia.""",
      hide=["Fátima Belén Cabrera", "Nilda Cabrera", "Aurelio Meza", "Kevin Meza", "Brenda Meza", "Julio Ruiz Díaz", "Cirila Vera", "Bernardino", "Estela Ortiz"],
      names=["Tobías", "Noelia", "Brenda", "Fátima"],
      keep=["GENOGRAMA – descripción (Equipo técnico del Programa Abrazo)", "La familia es reconstituida.",
            "La niña índice, ", " (12 años), es la tercera de cinco hermanos.", " (34) convive desde 2019 con el ",
            " (41), que tiene dos hijos de una unión anterior: ", " (17) y ",
            " (15), que trabaja en una casa de familia en Luque.", " falleció en 2016.", " (67) cría a los dos menores, ",
            " en la compañía Yvyraty.", "Relación conflictiva entre la madre y la abuela; relación distante con el ",
            "que es quien llevó a ", " vive en Buenos Aires.",
            "Símbolos: cuadrado = varón, círculo = mujer, línea punteada = unión de hecho, X = fallecido.",
            "Fuente: entrevista del 3/4/2025. Programa Abrazo – Ministerio de la Niñez y la Adolescencia."])

_case("hotel", """HOTEL LAS PALMAS – Registro de pasajeros (Libro N° 7, folio 112) – Ciudad del Este
Fecha | Hab. | Nombre y apellido | Documento | Nacionalidad | Procedencia | Acompañantes
02/03/2025 | 12 | BRÍTEZ ROLÓN, Hugo Daniel | C.I. 2.987.654 | paraguaya | Caaguazú | 2 menores (sobrinas)
02/03/2025 | 14 | Ferreira da Silva, Marcos | RG 45.678.901-2 | brasileña | Foz do Iguaçu | —
03/03/2025 | 12 | Lucas Martín Pereyra | DNI 30.456.789 | argentina | Posadas | Yésica (17)
03/03/2025 | 21 | Quispe Mamani, Juana | Pasaporte N° 7654321 (Bolivia) | boliviana | Santa Cruz | —
Observaciones del conserje: el Sr. Brítez pagó en efectivo Gs. 450.000 por tres noches; las chicas no tenían \
documentos. Check-out 11:00. Categoría: 3 estrellas (Senatur, Resolución N° 1256/2019).""",
      hide=["BRÍTEZ ROLÓN, Hugo Daniel", "2.987.654", "Ferreira da Silva, Marcos", "45.678.901-2",
            "Lucas Martín Pereyra", "30.456.789", "Yésica", "Quispe Mamani, Juana", "7654321"],
      names=["Sr. Brítez"],
      keep=["HOTEL LAS PALMAS – Registro de pasajeros (Libro N° 7, folio 112) – Ciudad del Este",
            "Fecha | Hab. | Nombre y apellido | Documento | Nacionalidad | Procedencia | Acompañantes",
            "02/03/2025 | 12 | ", " | paraguaya | Caaguazú | 2 menores (sobrinas)", "02/03/2025 | 14 | ",
            " | brasileña | Foz do Iguaçu | —", "03/03/2025 | 12 | ", " | argentina | Posadas | ",
            "03/03/2025 | 21 | ", " (Bolivia) | boliviana | Santa Cruz | —", "Observaciones del conserje: el ",
            " pagó en efectivo Gs. 450.000 por tres noches; las chicas no tenían documentos.", "Check-out 11:00.",
            "Categoría: 3 estrellas (Senatur, Resolución N° 1256/2019)."])

_case("rescate", """OPERATIVO "ÑANDUTÍ" – Planilla de niñas, niños y adolescentes rescatados (Fiscalía Especializada, 21/06/2025)
1. Araceli Noemí Núñez – 13 años – 6° grado (Esc. Básica N° 456 "Virgen del Rosario") – Caaguazú
2. M.B.G. – 14 años – 7° grado – no estudia desde 2023
3. Derlis Javier Ortiz Cáceres, 15 años, 8° grado, Colegio Nacional San José de Coronel Oviedo
4. Yamila (sin apellido, dice tener 12 años) – 5° grado
5. ROMERO, Tamara Elizabeth – 16 años – 1° curso de la media
Responsable del traslado: Of. Ppal. Gustavo Ferreira, placa 3344. Padres notificados: Sra. Emilce Núñez (madre de \
Araceli), Sr. Rubén Ortiz (padre de Derlis).
Derivados al Centro de Atención Integral (CAI) del MINNA. Total: 5 NNA (3 niñas, 2 niños).""",
      hide=["Araceli Noemí Núñez", "M.B.G.", "Derlis Javier Ortiz Cáceres", "Yamila", "ROMERO, Tamara Elizabeth",
            "Gustavo Ferreira", "3344", "Emilce Núñez", "Rubén Ortiz"],
      names=["Araceli", "Derlis"],
      keep=['OPERATIVO "ÑANDUTÍ" – Planilla de niñas, niños y adolescentes rescatados (Fiscalía Especializada, '
            '21/06/2025)', " – 13 años – 6° grado (", ") – Caaguazú",
            " – 14 años – 7° grado – no estudia desde 2023",
            ", 15 años, 8° grado, ",
            " (sin apellido, dice tener 12 años) – 5° grado", " – 16 años – 1° curso de la media",
            "Responsable del traslado: Of. Ppal. ", "Padres notificados: Sra. ", " (madre de ", "), Sr. ",
            " (padre de ", "Derivados al Centro de Atención Integral (CAI) del MINNA.",
            "Total: 5 NNA (3 niñas, 2 niños)."])

_case("jopara_parentesco", """E: ¿Mávapa oĩ nendive ógape?
N: Che sy Eladia, che ru Bernardo Giménez ha che ryvy Rodrigo. Che reindy Liz oho Argentina-pe, peteĩ señora \
Marlene ogueraha chupe. Che jarýi Petrona oiko Yhú-pe.
E: ¿Ha nde tío?
N: Che tío Celso Ramírez ombo'e chéve amba'apo haguã olería-pe. Che sy'y Norma he'i ndaha'éi porã. Che ryke'y \
Aníbal oiko Luque-pe, omba'apo Colegio Nacional San José-pe ordenanza ramo.
Che sy he'i: "Tupã nde rovasa, che memby". Ñande Ru Tupã ha Virgen de Caacupé ñanderehe oĩ. Che ru ndoikói \
ko'ápe, oho Chaco-pe.""",
      hide=["Eladia", "Bernardo Giménez", "Rodrigo", "Liz", "Petrona", "Celso Ramírez", "Norma", "Aníbal"],
      names=["Marlene"],
      keep=["E: ¿Mávapa oĩ nendive ógape?", "N: Che sy ", ", che ru ", " ha che ryvy ", "Che reindy ",
            " oho Argentina-pe, peteĩ señora ", " ogueraha chupe.", "Che jarýi ", " oiko Yhú-pe.", "E: ¿Ha nde tío?",
            "N: Che tío ", " ombo'e chéve amba'apo haguã olería-pe.", "Che sy'y ", " he'i ndaha'éi porã.",
            "Che ryke'y ", " oiko Luque-pe, omba'apo Colegio Nacional San José-pe ordenanza ramo.",
            'Che sy he\'i: "Tupã nde rovasa, che memby".', "Ñande Ru Tupã ha Virgen de Caacupé ñanderehe oĩ.",
            "Che ru ndoikói ko'ápe, oho Chaco-pe."])

_case("case_note_en", """CASE NOTE – Anti-trafficking legal services (CONFIDENTIAL) – Houston, TX, 04/22/2025
Client: Rocío Elizabeth Benítez (Paraguayan national), SSN 123-45-6789 (issued after T-visa approval), A-Number \
A 212-345-678, Texas driver's license DL# 12345678, Medicaid ID 5123456789.
Client reported that her employer, Mr. Gary Thompson, confiscated her passport (Paraguay, No. 4876543) and her ITIN \
912-78-3456. Her daughter Camila (age 9) attends Lincoln Elementary. Client's cell: 832-555-0117. Address: 4521 \
Westheimer Rd, Apt 12, Houston, TX 77027.
Next steps: file Form I-914 Supplement B (LEA endorsement) under 22 U.S.C. § 7105 and the TVPA of 2000; referral to \
Catholic Charities; the National Human Trafficking Hotline is 1-888-373-7888. Caseworker: Ashley Nguyen, LMSW, \
license No. 56789.
Program figures: 2,340 hotline calls in 2024; 15% from Spanish speakers. Laptop: Dell Latitude 5420.""",
      names=["Gary Thompson"],
      hide=["Rocío Elizabeth Benítez", "123-45-6789", "212-345-678", "12345678", "5123456789",
            "4876543", "912-78-3456", "Camila", "832-555-0117", "4521 Westheimer", "77027",
            "Ashley Nguyen", "56789"],
      keep=["CASE NOTE – Anti-trafficking legal services (CONFIDENTIAL) – Houston, TX, 04/22/2025", "Client: ",
            " (Paraguayan national), SSN ", " (issued after T-visa approval), A-Number ", "Texas driver's license DL# ",
            "Medicaid ID ", "Client reported that her employer, Mr. ", " confiscated her passport (Paraguay, No. ",
            ") and her ITIN ", "Her daughter ", " (age 9) attends Lincoln Elementary.", "Client's cell: ",
            "Address: ",
            "Next steps: file Form I-914 Supplement B (LEA endorsement) under 22 U.S.C. § 7105 and the TVPA of 2000;",
            "referral to Catholic Charities; the National Human Trafficking Hotline is 1-888-373-7888.",
            "Caseworker: ", ", LMSW, license No. ",
            "Program figures: 2,340 hotline calls in 2024; 15% from Spanish speakers. Laptop: Dell Latitude 5420."])

_case("casa_abrigo", """PROTOCOLO DE TRASLADO – Casa de abrigo (uso interno, NO DIFUNDIR)
Ubicación del albergue: -25.2637, -57.5759 (Google Maps: https://maps.google.com/?q=-25.2637,-57.5759). \
Coordenadas alternativas: 25°15'49.3"S 57°34'33.2"W. Plus Code: 8M7Q+2C Limpio.
Dirección: km 27 ruta PY02, compañía Costa Fleitas, entrada al lado del oratorio San Isidro, casa de rejas verdes, \
segundo portón a la izquierda. Referencia: frente a la despensa La Económica.
Punto de encuentro con la policía: estacionamiento del Shopping del Sol (Av. Aviadores del Chaco y Av. Santa Teresa).
La casa está a 40 km de Asunción y a 1.200 m de la ruta. La temperatura mínima prevista es de -2,5 °C; altitud \
120 m s. n. m. Resolución MINNA N° 1234/2023 (protocolo de casas de abrigo). Decreto N° 6285/2016. Trayecto \
estimado: 45 min; combustible Gs. 150.000. Relación de aspecto del mapa: 16:9, escala 1:50.000.""",
      hide=["-25.2637", "-57.5759", "25.2637", "57.5759", "25°15'49.3\"S", "57°34'33.2\"W", "8M7Q+2C", "km 27",
            "casa de rejas verdes"],
      keep=["PROTOCOLO DE TRASLADO – Casa de abrigo (uso interno, NO DIFUNDIR)", "Ubicación del albergue: ",
            "Coordenadas alternativas: ", "Plus Code: ", "Dirección: ", "entrada al lado del oratorio San Isidro",
            "Referencia: frente a la despensa La Económica.",
            "Punto de encuentro con la policía: estacionamiento del Shopping del Sol (Av. Aviadores del Chaco y Av. "
            "Santa Teresa).", "La casa está a 40 km de Asunción y a 1.200 m de la ruta.",
            "La temperatura mínima prevista es de -2,5 °C; altitud 120 m s. n. m.",
            "Resolución MINNA N° 1234/2023 (protocolo de casas de abrigo).", "Decreto N° 6285/2016.",
            "Trayecto estimado: 45 min; combustible Gs. 150.000.",
            "Relación de aspecto del mapa: 16:9, escala 1:50.000."])

_case("grooming", """INFORME TÉCNICO – Unidad Especializada de Delitos Informáticos (causa N° 3456/2025, grooming)
Cuentas: Instagram @lu.chiquita_2010 (víctima) y @papi.rico.py77 (perfil del investigado). Facebook: \
https://www.facebook.com/profile.php?id=100084512345678 y facebook.com/derlis.gimenez.9843. TikTok: \
https://www.tiktok.com/@mati_cde05. Free Fire ID: 1234567890 (nick "xXLobo_CDEXx"). Discord: lobito#4521.
Conexiones del investigado: IP 181.120.34.56 (Tigo Paraguay) el 12/03/2025 21:14:05 y 2800:a4:1234:5600::1f \
(Personal) el 13/03/2025. Correo de recuperación: lobo.cde@gmail.com. Teléfono vinculado: +595 983 112 233.
Equipo: Samsung Galaxy A14, Android 13, versión de la app 312.0.0.32.112; WhatsApp 2.24.6.77. Puerto 443, \
protocolo TLS 1.3. Sitio de la Fiscalía: www.ministeriopublico.gov.py. Ley N° 5653/16 y art. 135 del Código Penal.""",
      hide=["@lu.chiquita_2010", "lu.chiquita_2010", "@papi.rico.py77", "papi.rico.py77", "100084512345678",
            "derlis.gimenez.9843", "mati_cde05", "1234567890", "xXLobo_CDEXx", "lobito#4521", "lobito",
            "181.120.34.56", "2800:a4:1234:5600::1f", "lobo.cde@gmail.com", "983 112 233"],
      keep=["INFORME TÉCNICO – Unidad Especializada de Delitos Informáticos (causa N° 3456/2025, grooming)",
            "Cuentas: Instagram ", " (víctima) y ", " (perfil del investigado).", "Free Fire ID: ", "Discord: ",
            "Conexiones del investigado: IP ", " (Tigo Paraguay) el 12/03/2025 21:14:05 y ", "(Personal) el 13/03/2025.",
            "Correo de recuperación: ", "Teléfono vinculado: ",
            "Equipo: Samsung Galaxy A14, Android 13, versión de la app 312.0.0.32.112; WhatsApp 2.24.6.77.",
            "Puerto 443, protocolo TLS 1.3.", "Sitio de la Fiscalía: www.ministeriopublico.gov.py.",
            "Ley N° 5653/16 y art. 135 del Código Penal."])

_case("parientes", """INFORME DE SEGUIMIENTO – Centro de Protección (Trabajo Social)
La adolescente contó que su tío Celso Ramírez la llevó a Asunción y que la madrina Estela Ortiz la recibió en su casa \
de Fernando de la Mora. Su padrastro Ramón Villalba no sabía nada; su prima Liz Benítez trabaja con ella. Mi hermana \
Gloria también fue, dijo, y la abuela Ña Cirila la crió. La cuñada de su madre, Nidia Sosa, la denunció.
Recibe apoyo escolar en la Fundación Tía Encarnación y terminó el 9° grado en el Colegio Nacional San José. La \
señora presidenta de la Comisión Vecinal visitó la casa. Our partner Grace Community Church donated school kits. La \
familia vive sobre la calle San Blas casi Virgen del Carmen, cerca de la capilla Santa Librada. La Hermana Superiora \
de las Hermanas Franciscanas acompaña el caso. Su tía abuela, la que vive en Itauguá, es costurera. Compran en el \
almacén Tío Rico del barrio. El Padre Nuestro se reza a las 18:00.""",
      hide=["Celso Ramírez", "Estela Ortiz", "Ramón Villalba", "Liz Benítez", "Gloria", "Cirila", "Nidia Sosa"],
      keep=["INFORME DE SEGUIMIENTO – Centro de Protección (Trabajo Social)", "La adolescente contó que su tío ",
            " la llevó a Asunción y que la madrina ", " la recibió en su casa de Fernando de la Mora.",
            "Su padrastro ", " no sabía nada; su prima ", " trabaja con ella.", "Mi hermana ",
            " también fue, dijo, y la abuela Ña ", " la crió.", "La cuñada de su madre, ", ", la denunció.",
            "Recibe apoyo escolar en la Fundación Tía Encarnación y terminó el 9° grado en el ",
            "La señora presidenta de la Comisión Vecinal visitó la casa.",
            "Our partner Grace Community Church donated school kits.",
            "La familia vive sobre la ", ", cerca de la capilla Santa Librada.",
            "La Hermana Superiora de las Hermanas Franciscanas acompaña el caso.",
            "Su tía abuela, la que vive en Itauguá, es costurera.", "Compran en el almacén Tío Rico del barrio.",
            "El Padre Nuestro se reza a las 18:00."])

_case("frontera", """PUESTO DE CONTROL MIGRATORIO – Puente Internacional San Roque González de Santa Cruz (Encarnación–Posadas)
Libro de novedades, turno noche 14/02/2025. Agente: Of. Migr. Noelia Paiva (legajo N° 2231).
22:10 Ingreso de ómnibus de la empresa Crucero del Norte, interno 1547. Pasajeros observados:
– Pasaporte N° AAE123456 (Argentina), a nombre de BARRIOS, Walter Hugo; viaja con dos menores paraguayas sin \
autorización de viaje.
– Pasaporte brasileño FT987654, Gilmar Souza Lima.
– Pasaporte boliviano N° 8765432, Mamani Choque, Reynaldo; C.I. boliviana 6543210 LP.
– Menor: Sol Ayelén Ríos, 15 años, C.I. paraguaya 6.789.012, Pasaporte PY N° S0456789.
22:40 Se dio intervención al Fiscal de turno y a la CODENI de Encarnación. Se aplicó la Resolución DGM N° 154/2019 \
sobre autorización de viaje de menores y la Ley N° 6984/2022 de Migraciones. Vuelo AR 1234 no relacionado. \
Tránsito vecinal fronterizo: 312 cruces registrados en el turno.""",
      hide=["Noelia Paiva", "2231", "AAE123456", "BARRIOS, Walter Hugo", "FT987654", "Gilmar Souza Lima", "8765432",
            "Mamani Choque, Reynaldo", "6543210", "Sol Ayelén Ríos", "6.789.012", "S0456789"],
      keep=["PUESTO DE CONTROL MIGRATORIO – Puente Internacional San Roque González de Santa Cruz (Encarnación–Posadas)",
            "Libro de novedades, turno noche 14/02/2025. Agente: Of. Migr. ", "(legajo N° ",
            "22:10 Ingreso de ómnibus de la empresa Crucero del Norte, interno 1547. Pasajeros observados:",
            "– Pasaporte N° ", " (Argentina), a nombre de ",
            "; viaja con dos menores paraguayas sin autorización de viaje.", "– Pasaporte brasileño ",
            "– Pasaporte boliviano N° ", "; C.I. boliviana ", "– Menor: ", ", 15 años, C.I. paraguaya ",
            ", Pasaporte PY N° ", "22:40 Se dio intervención al Fiscal de turno y a la CODENI de Encarnación.",
            "Se aplicó la Resolución DGM N° 154/2019 sobre autorización de viaje de menores y la Ley N° 6984/2022 de "
            "Migraciones.", "Vuelo AR 1234 no relacionado.",
            "Tránsito vecinal fronterizo: 312 cruces registrados en el turno."])

_case("cantina", """ESTANCIA "LA GLORIA" – Chaco, Boquerón. Cuaderno de la cantina (copia incautada por la Inspección del MTESS)
Peón: Cristóbal Giménez (a) Kiki – documento 4.321.098 – ingreso 01/2024
Debe: yerba 2 kg Gs. 48.000; galletas Gs. 12.000; botas Gs. 95.000; adelanto a la señora Gs. 200.000. Total: Gs. 355.000.
Peón: Marcelino Ayala Servín – doc. 3.210.987 – su hijo Rolando (14) también trabaja en el potrero.
Debe: Gs. 1.230.000 (arrastre del año pasado).
Capataz: Ireneo Frutos. Encargado de la cantina: el brasileño "Alemão".
Sueldo acordado: Gs. 1.800.000 por mes (salario mínimo 2.798.309). Ley 213/93 art. 231. Convenio 29 de la OIT sobre \
el trabajo forzoso y su Protocolo de 2014. Distancia a Filadelfia: 180 km. Jornada: de 5:00 a 19:00, 6 días por semana.""",
      hide=["Cristóbal Giménez", "Kiki", "4.321.098", "Marcelino Ayala Servín", "3.210.987", "Rolando", "Ireneo Frutos",
            "Alemão"],
      keep=['ESTANCIA "LA GLORIA" – Chaco, Boquerón. Cuaderno de la cantina (copia incautada por la Inspección del MTESS)',
            "Peón: ", " (a) ", " – documento ", " – ingreso 01/2024",
            "Debe: yerba 2 kg Gs. 48.000; galletas Gs. 12.000; botas Gs. 95.000; adelanto a la señora Gs. 200.000. "
            "Total: Gs. 355.000.", " – doc. ", " – su hijo ", " (14) también trabaja en el potrero.",
            "Debe: Gs. 1.230.000 (arrastre del año pasado).", "Capataz: ", "Encargado de la cantina: el brasileño \"",
            "Sueldo acordado: Gs. 1.800.000 por mes (salario mínimo 2.798.309). Ley 213/93 art. 231.",
            "Convenio 29 de la OIT sobre el trabajo forzoso y su Protocolo de 2014.",
            "Distancia a Filadelfia: 180 km. Jornada: de 5:00 a 19:00, 6 días por semana."])


@pytest.fixture(scope="module")
def listed():
    return Redactor(NAMES)


# --- 1. whole texts of each genre -----------------------------------------------------------------------------------

test_each_genre_hides_its_identifiers_and_keeps_every_trap = genre_test(CASES)


def test_the_chat_and_the_rescue_list_read_with_their_people_hidden():
    chat = redact(CASES.text("whatsapp_grupo"))
    assert "[12/03/25, 21:14:05] [nombre]: Chicas mañana sale la combi a las 5" in chat
    assert "[12/03/25, 21:16:40] ~ [nombre]: yo voy con mi prima la [nombre]" in chat
    assert "[12/03/25, 21:20:33] ~ [nombre]: Gracias [nombre]!! Mi hija [nombre] tiene 15" in chat
    assert "[nombre] añadió a \u200e[teléfono]" in chat
    rescue = redact(CASES.text("rescate"))
    assert "2. [nombre] – 14 años – 7° grado – no estudia desde 2023" in rescue
    assert "4. [nombre] (sin apellido, dice tener 12 años) – 5° grado" in rescue


# --- 2. each new kind, alone ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # relatives beside their kin word with no comma, in Spanish, English, Portuguese and Guaraní
    ("su tío Celso Ramírez la llevó", "su tío [nombre] la llevó"),
    ("la madrina Estela Ortiz la recibió", "la madrina [nombre] la recibió"),
    ("Mi hija Nati tiene 15", "Mi hija [nombre] tiene 15"), ("mi prima la Fati", "mi prima la [nombre]"),
    ("El padre biológico Julio Ruiz Díaz falleció", "El padre biológico [nombre] falleció"),
    ("La abuela materna Ña Cirila Vera cría", "La abuela materna Ña [nombre] cría"),
    ("sus hijos Tobías y Noelia viven", "sus hijos [nombre] y [nombre] viven"),
    ("Her daughter Camila attends", "Her daughter [nombre] attends"), ("sua mãe Ana Rocha", "sua mãe [nombre]"),
    ("Che sy Eladia, che ru Bernardo Giménez ha che ryvy Rodrigo.",
     "Che sy [nombre], che ru [nombre] ha che ryvy [nombre]."),
    ("Che ryke'y Aníbal oiko Luque-pe", "Che ryke'y [nombre] oiko Luque-pe"),
    ("ahayhu che sobrino Luquitas-pe", "ahayhu che sobrino [nombre]-pe"),
    ("La madrina de Fátima, Estela Ortiz, vive", "La madrina de [nombre], [nombre], vive"),
    ("Sra. Emilce Núñez (madre de Araceli)", "Sra. [nombre] (madre de Araceli)"),
    # people with their age, in a numbered list, beside their document, a transfer's holder and sender
    ("Kevin Meza (17) y Brenda Meza (15)", "[nombre] (17) y [nombre] (15)"),
    ("1. Araceli Noemí Núñez – 13 años", "1. [nombre] – 13 años"), ("2. M.B.G. – 14 años", "2. [nombre] – 14 años"),
    ("4. Yamila (sin apellido)", "4. [nombre] (sin apellido)"),
    ("Beneficiario: Ramón Ortiz Leiva, C.I. 3.456.123", "Beneficiario: [nombre], [cédula]"),
    ("– Pasaporte brasileño FT987654, Gilmar Souza Lima.", "– Pasaporte brasileño [cédula], [nombre]."),
    ("a nombre de BARRIOS, Walter Hugo; viaja", "a nombre de [nombre]; viaja"),
    ("enviado desde Buenos Aires por Mirta Benítez, DNI", "enviado desde Buenos Aires por [nombre], DNI"),
    ("de la billetera 0981 765 432 (HUGO B.).", "de la billetera [teléfono] ([nombre])."),
    # a form's worker, boss, officer in charge (ranks stay), a person called by what they are and a nickname
    ("Peón: Cristóbal Giménez (a) Kiki", "Peón: [nombre] (a) [nombre]"), ("Capataz: Ireneo Frutos.", "Capataz: [nombre]."),
    ("Agente: Of. Migr. Noelia Paiva (legajo", "Agente: Of. Migr. [nombre] (legajo"),
    ("Responsable del traslado: Of. Ppal. Gustavo Ferreira,", "Responsable del traslado: Of. Ppal. [nombre],"),
    ("Caseworker: Ashley Nguyen, LMSW", "Caseworker: [nombre], LMSW"),
    ('Encargado de la cantina: el brasileño "Alemão".', 'Encargado de la cantina: el brasileño "[nombre]".'),
])
def test_a_person_nobody_listed_is_hidden_where_the_text_says_who_they_are(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    # chats
    ("[12/03/25, 21:14:05] Derlis F.: hola\n[12/03/25, 21:20:33] ~ Mirtha Villalba: Gracias Derlis!!",
     "[12/03/25, 21:14:05] [nombre]: hola\n[12/03/25, 21:20:33] ~ [nombre]: Gracias [nombre]!!"),
    ("12/3/25, 21:14 - Rosa: ya salimos\n12/3/25, 21:15 - Derlis añadió a Ana Gómez",
     "12/3/25, 21:14 - [nombre]: ya salimos\n12/3/25, 21:15 - [nombre] añadió a [nombre]"),
    # connections and network users
    ("Conexiones: IP 181.120.34.56 el 12/03/2025 21:14:05", "Conexiones: IP [registro] el 12/03/2025 21:14:05"),
    ("y 2800:a4:1234:5600::1f (Personal), desde la misma IP", "y [registro] (Personal), desde la misma IP"),
    ("Discord: lobito#4521.", "Discord: [perfil]."), ('(nick "xXLobo_CDEXx")', '(nick "[perfil]")'),
    ("Plus Code: 8M7Q+2C Limpio", "Plus Code: [dirección] Limpio"),
    # transfers and wallets
    ("N° de operación: 987654321.", "N° de operación: [cuenta]."),
    ("Nro. de transacción: TM250314112233.", "Nro. de transacción: [cuenta]."),
    ("Código de retiro: 845 213.", "Código de retiro: [cuenta]."), ("giro N° 2025-031-44821", "giro N° [cuenta]"),
    ("alias de Mercado Pago MIRTA.BENITEZ.MP.", "alias de Mercado Pago [cuenta]."),
    # US numbers and addresses; a passport with three letters or its country in brackets
    ("SSN 123-45-6789 (issued", "SSN [cédula] (issued"), ("A-Number A 212-345-678,", "A-Number [cédula],"),
    ("driver's license DL# 12345678,", "driver's license DL# [cédula],"), ("Medicaid ID 5123456789.", "Medicaid ID [registro]."),
    ("license No. 56789.", "license No. [registro]."), ("Client's cell: 832-555-0117.", "Client's cell: [teléfono]."),
    ("Address: 4521 Westheimer Rd, Apt 12, Houston, TX 77027.", "Address: [dirección]."),
    ("Pasaporte N° AAE123456 (Argentina)", "Pasaporte N° [cédula] (Argentina)"),
    ("her passport (Paraguay, No. 4876543)", "her passport (Paraguay, No. [cédula])"),
    # rural addresses said km first, a house by its look and its side
    ("Dirección: km 27 ruta PY02, compañía Costa Fleitas, entrada", "Dirección: [dirección], entrada"),
    ("casa de rejas verdes, segundo portón a la izquierda.", "[dirección]."),
])
def test_a_new_kind_of_identifier_is_hidden(text, expected):
    assert redact(text) == expected


def test_a_register_keeps_the_note_beside_a_hidden_document():
    text = ("Nombre | Documento | Nacionalidad\nQuispe Mamani, Juana | Pasaporte N° 7654321 (Bolivia) | boliviana\n")
    assert redact(text) == "Nombre | Documento | Nacionalidad\n[nombre] | [cédula] (Bolivia) | boliviana\n"


def test_the_quick_check_lets_the_new_kinds_through(listed):
    texts = ["su tío Celso Ramírez la llevó", "che sy Eladia oĩ ko'ápe", "Discord: lobito_py", "Capataz: Ireneo Frutos",
             "enviado por Mirta Benítez", "la fiscalía pidió el acta"]
    assert listed.may_need_findings(texts)[:5] == [True] * 5
    assert [bool(f) for f in listed.findings_many(texts)] == [True, True, True, True, True, False]
    assert listed.findings_many(texts) == [listed.findings(t) for t in texts]


# --- 3. what looks like those and stays -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a capitalised kin word is part of a name or a title; a priest, a nun; God
    "Recibe apoyo escolar en la Fundación Tía Encarnación.", "Compran en el almacén Tío Rico del barrio.",
    "La Hermana Superiora de las Hermanas Franciscanas acompaña el caso.", "El Padre Nuestro se reza a las 18:00.",
    "Ñande Ru Tupã ha Virgen de Caacupé ñanderehe oĩ.", "el padre Olivo celebró la misa", "la madre Teresa de Calcuta",
    "Su tía abuela, la que vive en Itauguá, es costurera.", "Our partner Grace Community Church donated school kits.",
    "la madre y la abuela", "Che sy he'i: Tupã nde rovasa", "Che ména ha'e leal", "hija de Dios y de la Virgen",
    # a school and a street with no child's grade or home in their sentence; places with counts
    "el Colegio Nacional San José organizó la feria", "la marcha salió de la calle San Blas",
    "Alto Paraná (12), Itapúa (9), Santa Rosa (15) y Concepción (15)", "Presidente Franco (3), San Pedro (4)",
    # versions, ports, times, scales, a toll-free hotline, laws, amounts, models
    "Equipo: Samsung Galaxy A14, Android 13, versión de la app 312.0.0.32.112; WhatsApp 2.24.6.77.",
    "Puerto 443, protocolo TLS 1.3.", "a las 21:14:05", "Relación de aspecto del mapa: 16:9, escala 1:50.000.",
    "the National Human Trafficking Hotline is 1-888-373-7888.", "Ley N° 6497/2019 y Resolución SEPRELAD N° 70/2019.",
    "Monto: Gs. 2.500.000. Comisión: Gs. 5.500.", "adelanto a la señora Gs. 200.000", "Laptop: Dell Latitude 5420.",
    "Form I-914 Supplement B under 22 U.S.C. § 7105 and the TVPA of 2000",
    "La temperatura mínima prevista es de -2,5 °C; altitud 120 m s. n. m.",
    # "alias", "usuario", "nick" in other talk; a transfer through a company
    "Los alias de correo y el alias de Git", "el usuario denunció el perfil", "enviado por Western Union",
    "Recibido por el Suboficial 2° de turno", "niña : Carmen",
])
def test_what_only_looks_like_these_stays(text, listed):
    assert redact(text) == text
    assert listed.redact(text) == text


def test_a_document_beside_a_place_hides_the_number_only():
    assert redact("domiciliado en C.I. 1.234.567, Ciudad del Este") == "domiciliado en [cédula], Ciudad del Este"


@pytest.mark.parametrize("text, hidden", [
    ("Soy Juan Carlos Benítez, C.I. 3.456.789.", "Soy [nombre], [cédula]."),
    ("Yo María Ortiz, DNI 30.123.456, declaro", "Yo [nombre], [cédula], declaro"),
])
def test_a_sentence_opening_before_a_person_with_their_document_stays(text, hidden):
    """The rule for a person beside their document took the capitalised run from the sentence's start: "Soy" went
    with the name, and "Yo" made the whole run no name at all."""
    assert Redactor({}).redact(text) == hidden
