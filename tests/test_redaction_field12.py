"""Redaction cases a red team left open (round 12): identifiers and genres not tried before. Vehicle plates in police
and labour-inspection notes (Paraguay's Mercosur "AAPK 123" and old "BCD 456", Argentina's "AB 123 CD", Brazil's
"RIO2A18"), while a roof's "chapa", a motherboard's "placa-mãe" and a motorcycle's model ("Yamaha YBR 125") stay; RUC
numbers of people and of companies (all hidden: a one-person business's RUC is its owner's cédula) and a Brazilian
company's CNPJ; birth dates next to a person in Spanish, English and Portuguese while the dates of events stay; an
e-mail thread (From/To/Cc headers, greetings and signatures); a court's notification with the accused and the victim
in the case's title ("caratulado 'MINISTERIO PÚBLICO c/ ANTONIO RAMÓN GAVILÁN s/ TRATA DE PERSONAS'"); nicknames and
aliases ("alias el Ruso", "a) Chiquito", "conocido como Toto", "vulgo Magrão", "a.k.a. Shorty"), while "alias" in
software talk and a place "conocido como El Paraíso" stay; a newspaper article quoting officials (public officials are
hidden where listed, like anyone else: the project's default is the list plus patterns); a school's grade sheet and a
family described in prose ("su tío materno, Celso Ramírez"); cédula numbers handwritten and read by OCR ("C.I. N°
4.S67.89O"). Each text seeds identifiers (hidden with and without the project's names list, or with it for names) and
traps that must stay word for word."""

from __future__ import annotations

import pytest

from atlas_qual.redaction import NameMap, Redactor, redact
from redteam import Cases, genre_test

# what an evaluator would list for these texts: victims, relatives, accused, officials named in the texts
NAMES = NameMap({
    "Néstor Fabián Godoy": "", "Hugo Cardozo": "",
    "Graciela Noemí Acosta Paredes": "Empleadora IN-1", "Óscar Villalba": "", "Diana Rolón": "", "Pablo Zárate": "",
    "Karen Milagros Benítez": "Niña FI-1", "Diego Benítez": "", "Lourdes Giménez": "",
    "Marta Sosa": "Funcionaria CO-1", "Carlos Ojeda": "", "Sarah Johnson": "",
    "Fernando Leguizamón": "", "Rosalía Ferreira Núñez": "",
    "Julio César Maidana": "", "Marcos Paredes": "",
    "Teresa Martínez": "", "Hugo Franco": "", "Ramón Aquino Báez": "", "Dalma Leiva": "",
    "Liz Paola Acosta Ruiz": "Alumna ES-1", "Mirian Ayala": "",
    "Rosa Esther Gauto": "Madre OC-1", "Dahiana Gauto": "Niña OC-1", "Rubén Alcaraz": "",
    "Jéssica Fernanda Rocha": "Vítima BR-1", "Cláudio Roberto Martins": "",
    "Maria Jose Caballero": "Client EN-1", "Carlos Alberto Nuñez": "",
})

CASES = Cases()
_case = CASES.add


_case("parte_policial", """POLICÍA NACIONAL – Comisaría 3ª de Pedro Juan Caballero. PARTE POLICIAL N° 214/2025
Fecha: 12/03/2025. Hora: 23:40. Lugar: ruta PY05, frente a la estación de servicio de Petropar.
En la fecha se hizo el operativo de control conjunto con la Fiscalía y el Ministerio de Trabajo. Se detuvo la camioneta \
chapa AAPK 123, marca Toyota Hilux, color blanco, conducida por Néstor Fabián Godoy, C.I. N° 3.456.789, quien \
trasladaba a cuatro adolescentes de 14 a 16 años. Detrás venía un automóvil Volkswagen Gol con chapa BCD 456 (modelo \
2008) y un camión Scania con patente argentina AB 123 CD, conducido por un ciudadano argentino, DNI 28.456.123. En \
la frontera se vio además una camioneta con placa brasileña RIO2A18 y otra con placa QRS1B45, que siguieron hacia \
Ponta Porã. Un muchacho en una moto Yamaha YBR 125 (chapa 123 ABCD) huyó hacia el barrio Obrero.
Los adolescentes dijeron que dormían en un galpón con techo de chapa, y que la chapa del techo se volaba con el \
viento. El suboficial colocó una placa de identificación en la puerta del galpón. Se labró el acta en \
presencia del Agente Fiscal Abg. Hugo Cardozo. La chapa policial del agente interviniente es la N° 8842.
Se dio intervención a la CODENI y a la Secretaría de la Niñez. Vehículos remitidos al depósito de la Comisaría.""",
     hide=["AAPK 123", "BCD 456", "AB 123 CD", "3.456.789", "28.456.123", "RIO2A18", "QRS1B45", "123 ABCD", "8842"],
     names=["Néstor Fabián Godoy", "Cardozo"],
     keep=["POLICÍA NACIONAL – Comisaría 3ª de Pedro Juan Caballero. PARTE POLICIAL N° 214/2025",
           "Fecha: 12/03/2025. Hora: 23:40. Lugar: ruta PY05, frente a la estación de servicio de Petropar.",
           "En la fecha se hizo el operativo de control conjunto con la Fiscalía y el Ministerio de Trabajo.",
           "Se detuvo la camioneta chapa ", ", marca Toyota Hilux, color blanco, conducida por ",
           "trasladaba a cuatro adolescentes de 14 a 16 años", "Detrás venía un automóvil Volkswagen Gol con chapa ",
           "(modelo 2008) y un camión Scania con patente argentina ", "conducido por un ciudadano argentino, ",
           "que siguieron hacia Ponta Porã", "Un muchacho en una moto Yamaha YBR 125 (chapa ",
           "huyó hacia el barrio Obrero",
           "Los adolescentes dijeron que dormían en un galpón con techo de chapa, y que la chapa del techo se volaba "
           "con el viento.", "El suboficial colocó una placa de identificación en la puerta del galpón.",
           "Se labró el acta en presencia del Agente Fiscal Abg. ", "La chapa policial del agente interviniente es la N° ",
           "Se dio intervención a la CODENI y a la Secretaría de la Niñez.",
           "Vehículos remitidos al depósito de la Comisaría."])

_case("inspeccion_ruc", """MINISTERIO DE TRABAJO, EMPLEO Y SEGURIDAD SOCIAL – Dirección General de Inspección y Fiscalización
ACTA DE INSPECCIÓN N° 0456/2025 – Asunción, 5 de mayo de 2025
Establecimiento: taller de costura "Modas Divina", de Graciela Noemí Acosta Paredes, RUC 4.567.890-1, sito en la \
calle Tte. Fariña N° 1456 casi Brasil, barrio Sajonia. Empresa proveedora: Confecciones del Sur S.A., RUC \
80012345-6. Empresa de transporte: Transportes El Tigre S.R.L., R.U.C. N° 80.098.765-4.
Se constató la presencia de 12 trabajadoras, tres de ellas adolescentes (15, 16 y 17 años), que trabajan de 7:00 a \
21:00, sin registro en el IPS ni contrato. La encargada, Sra. Acosta, presentó la constancia de RUC: 4567890 - 1 y \
la factura N° 001-001-0004567 con timbrado vigente. El contador, Lic. Óscar Villalba, con RUC 2345678-9, lleva la \
contabilidad desde 2019; su registro único de contribuyente figura como 3.987.654-0. El salario que perciben es de \
1.500.000 guaraníes por mes, por debajo del mínimo de 2.798.309. Se intima al empleador a regularizar en el plazo de \
10 días hábiles (Ley 213/93, Código del Trabajo, art. 389) y se remiten los antecedentes a la Subsecretaría de Estado \
de Tributación y a la Fiscalía.
Inspectores: Abg. Diana Rolón (credencial N° 0457) y Lic. Pablo Zárate.""",
     hide=["4.567.890-1", "80012345-6", "80.098.765-4", "Fariña N° 1456", "4567890 - 1", "4567890", "2345678-9",
           "3.987.654-0", "0457"],
     names=["Graciela Noemí Acosta Paredes", "Sra. Acosta", "Óscar Villalba", "Diana Rolón", "Pablo Zárate"],
     keep=["MINISTERIO DE TRABAJO, EMPLEO Y SEGURIDAD SOCIAL – Dirección General de Inspección y Fiscalización",
           "ACTA DE INSPECCIÓN N° 0456/2025 – Asunción, 5 de mayo de 2025", 'Establecimiento: taller de costura '
           '"Modas Divina", de ', "Empresa proveedora: Confecciones del Sur S.A., ",
           "Empresa de transporte: Transportes El Tigre S.R.L., ",
           "Se constató la presencia de 12 trabajadoras, tres de ellas adolescentes (15, 16 y 17 años), que trabajan "
           "de 7:00 a 21:00, sin registro en el IPS ni contrato.", "La encargada, Sra. ",
           "presentó la constancia de ", "la factura N° 001-001-0004567 con timbrado vigente",
           "El contador, Lic. ", "lleva la contabilidad desde 2019; su registro único de contribuyente figura como ",
           "El salario que perciben es de 1.500.000 guaraníes por mes, por debajo del mínimo de 2.798.309.",
           "Se intima al empleador a regularizar en el plazo de 10 días hábiles (Ley 213/93, Código del Trabajo, "
           "art. 389) y se remiten los antecedentes a la Subsecretaría de Estado de Tributación y a la Fiscalía.",
           "Inspectores: Abg. ", "(credencial N° ", ") y Lic. "])

_case("ficha_nacimiento", """FICHA DE INGRESO – Albergue transitorio para niñas y adolescentes víctimas de trata
Fecha de ingreso: 14/03/2025. Derivada por: Unidad Fiscal Especializada N° 2 (Fiscal Abg. Lourdes Giménez).
Datos de la niña: Karen Milagros Benítez, nacida el 12/03/2009 en Caaguazú. Fecha de nacimiento según partida: \
3 de mayo de 2008 (la partida y la cédula no coinciden). F. Nac. (cédula): 12-03-2009.
Hermano: Diego Benítez, nacido el 5/9/2011, vive con la abuela en Yhú.
Según el informe del Consulado en Buenos Aires: DOB 05/14/2007, "born May 14, 2007 in Caaguazú, Paraguay".
Edad: 15 años (nac. 12.03.2009). Fecha de nac.: 12 mar. 2009.
El 12/03/2024 se hizo el operativo en el que fue rescatada; la audiencia preliminar es el 3 de mayo de 2025 y el \
cumpleaños de la niña se festejó en el albergue (cumplió 16). La madre tiene 38 años y trabaja en Coronel Oviedo. \
La fecha de la última denuncia es el 05/14/2024. Vacunas al día (última dosis: 20/02/2025).""",
     hide=["12/03/2009", "3 de mayo de 2008", "12-03-2009", "5/9/2011", "05/14/2007", "May 14, 2007", "12.03.2009",
           "12 mar. 2009"],
     names=["Karen Milagros Benítez", "Diego Benítez", "Giménez"],
     keep=["FICHA DE INGRESO – Albergue transitorio para niñas y adolescentes víctimas de trata",
           "Fecha de ingreso: 14/03/2025. Derivada por: Unidad Fiscal Especializada N° 2 (Fiscal Abg. ",
           " en Caaguazú. Fecha de nacimiento según partida: ", "(la partida y la cédula no coinciden)",
           "F. Nac. (cédula): ", "vive con la abuela en Yhú", "Según el informe del Consulado en Buenos Aires: DOB ",
           '"born ', ' in Caaguazú, Paraguay"', "Edad: 15 años (nac. ",
           "El 12/03/2024 se hizo el operativo en el que fue rescatada; la audiencia preliminar es el 3 de mayo de "
           "2025 y el cumpleaños de la niña se festejó en el albergue (cumplió 16).",
           "La madre tiene 38 años y trabaja en Coronel Oviedo.", "La fecha de la última denuncia es el 05/14/2024.",
           "Vacunas al día (última dosis: 20/02/2025)."])

_case("correo", """De: Lic. Marta Sosa <marta.sosa@mtess.gov.py>
Enviado el: lunes, 3 de marzo de 2025 10:15
Para: Carlos Ojeda <cojeda@codeni-luque.org.py>; Fiscalía de Areguá
CC: Abg. Teresa Villar; 'Nidia Cabrera'
Asunto: RE: caso de la adolescente de Luque – operativo en Areguá

Estimado Carlos:
Te reenvío el informe. La adolescente (iniciales R.M.C.) ya está en el albergue. Coordinemos con la CODENI de Luque \
y la Fiscalía de Areguá para el jueves. La madre pidió que no se publique su dirección.
Saludos cordiales,
Lic. Marta Sosa
Directora de Protección de Derechos Fundamentales
Ministerio de Trabajo, Empleo y Seguridad Social
Tel.: (021) 729 0100 int. 245 | Cel.: 0981 555 123
www.mtess.gov.py

-----Mensaje original-----
From: Sarah Johnson <s.johnson@freedomfund.org>
Sent: Friday, February 28, 2025 4:02 PM
To: Marta Sosa <marta.sosa@mtess.gov.py>
Cc: Kevin O'Brien
Subject: Funding for the shelter in Luque

Dear Marta,
Thanks for the report on the shelter. Our board meets in May; please send the budget by April 15.
Best regards,
Sarah Johnson | Program Officer, Latin America
The Freedom Fund | +1 (212) 555-0198 | London · New York""",
     hide=["Marta Sosa", "marta.sosa@mtess.gov.py", "Carlos Ojeda", "cojeda@codeni-luque.org.py", "Teresa Villar",
           "Nidia Cabrera", "R.M.C.", "(021) 729 0100", "0981 555 123", "Sarah Johnson", "s.johnson@freedomfund.org",
           "Kevin O'Brien", "(212) 555-0198"],
     names=["Carlos:", "Dear Marta"],
     keep=["De: Lic. ", "Enviado el: lunes, 3 de marzo de 2025 10:15", "Para: ", "; Fiscalía de Areguá", "CC: Abg. ",
           "Asunto: RE: caso de la adolescente de Luque – operativo en Areguá", "Estimado ",
           "Te reenvío el informe. La adolescente (iniciales ", ") ya está en el albergue.",
           "Coordinemos con la CODENI de Luque y la Fiscalía de Areguá para el jueves.",
           "La madre pidió que no se publique su dirección.", "Saludos cordiales,\nLic. ",
           "Directora de Protección de Derechos Fundamentales\nMinisterio de Trabajo, Empleo y Seguridad Social",
           "Tel.: ", " int. 245 | Cel.: ", "www.mtess.gov.py", "-----Mensaje original-----", "From: ",
           "Sent: Friday, February 28, 2025 4:02 PM", "To: ", "Cc: ", "Subject: Funding for the shelter in Luque",
           "Thanks for the report on the shelter. Our board meets in May; please send the budget by April 15.",
           "Best regards,\n", " | Program Officer, Latin America", "The Freedom Fund | ", " | London · New York"])

_case("cedula_notificacion", """PODER JUDICIAL – CIRCUNSCRIPCIÓN JUDICIAL DE ALTO PARANÁ
CÉDULA DE NOTIFICACIÓN
Señora: Rosalía Ferreira Núñez
Domicilio: barrio San Miguel, casa 118, Ciudad del Este
En el Expediente N° 1234/2024 caratulado "MINISTERIO PÚBLICO c/ ANTONIO RAMÓN GAVILÁN y OTROS s/ TRATA DE PERSONAS \
y OTROS", que se tramita ante el Juzgado Penal de Garantías N° 3, Secretaría N° 5, a cargo del Juez Abg. Fernando \
Leguizamón, se ha dictado la siguiente resolución: "A.I. N° 567. Ciudad del Este, 10 de abril de 2025. VISTOS: ... \
Fijar audiencia preliminar para el 12 de mayo de 2025 a las 8:30 horas ...". Queda Ud. notificada.
Causa conexa: "Gavilán, Antonio Ramón s/ trata de personas (víctima: L.M.F.)", Expte. N° 567/2023.
Otras causas: "Ortiz Benítez, Lucía s/ proxenetismo" (Expte. 890/2022) y "Fiscalía c/ Walter Insfrán s/ explotación \
sexual". En los autos caratulados: "Ministerio Público c/ Juan Carlos Brítez s/ Trata de Personas en Ciudad del Este".
Unidad Fiscal Especializada en la Lucha contra la Trata de Personas y Explotación Sexual de Niños, Niñas y \
Adolescentes. Ley 4788/12 Integral contra la Trata de Personas. Ujier notificador: Pedro Duarte.
Ciudad del Este, 15 de abril de 2025.""",
     hide=["Rosalía Ferreira Núñez", "San Miguel, casa 118", "ANTONIO RAMÓN GAVILÁN", "Gavilán, Antonio Ramón",
           "L.M.F.", "Ortiz Benítez, Lucía", "Walter Insfrán", "Juan Carlos Brítez", "Pedro Duarte"],
     names=["Leguizamón"],
     keep=["PODER JUDICIAL – CIRCUNSCRIPCIÓN JUDICIAL DE ALTO PARANÁ", "CÉDULA DE NOTIFICACIÓN", "Señora: ",
           "Domicilio: ", ", Ciudad del Este\nEn el Expediente N° 1234/2024 caratulado \"MINISTERIO PÚBLICO c/ ",
           " y OTROS s/ TRATA DE PERSONAS y OTROS\", que se tramita ante el Juzgado Penal de Garantías N° 3, "
           "Secretaría N° 5, a cargo del Juez Abg. ",
           "se ha dictado la siguiente resolución: \"A.I. N° 567. Ciudad del Este, 10 de abril de 2025. VISTOS:",
           "Fijar audiencia preliminar para el 12 de mayo de 2025 a las 8:30 horas", "Queda Ud. notificada.",
           'Causa conexa: "', " s/ trata de personas (víctima: ", ')", Expte. N° 567/2023.', 'Otras causas: "',
           ' s/ proxenetismo" (Expte. 890/2022) y "Fiscalía c/ ', ' s/ explotación sexual".',
           'En los autos caratulados: "Ministerio Público c/ ', ' s/ Trata de Personas en Ciudad del Este".',
           "Unidad Fiscal Especializada en la Lucha contra la Trata de Personas y Explotación Sexual de Niños, Niñas "
           "y Adolescentes.", "Ley 4788/12 Integral contra la Trata de Personas.", "Ujier notificador: ",
           "Ciudad del Este, 15 de abril de 2025."])

_case("alias", """DIRECCIÓN DE INVESTIGACIÓN CRIMINAL – Informe de inteligencia N° 77/2025 (reservado)
Se identificó a la red que opera entre Encarnación y Posadas. Su cabecilla es Julio César Maidana, alias "el Ruso", \
C.I. N° 2.987.654; su lugarteniente, Marcos Paredes a) Chiquito, y una mujer conocida como Toto, que capta a las \
chicas en la terminal. El chofer, (a) Pelado, maneja una Sprinter blanca. Otro miembro, apodado "Kururú", cobra en \
la frontera; a la dueña del local le dicen "la Tía Chela". En Posadas el contacto es un tal Gringo, también conocido \
como "Polaco". Orden del día de la reunión: a) Informe del fiscal; b) Varios.
Los alias de correo y el alias de Git que usaban fueron pedidos a la Unidad de Delitos Informáticos; en la \
computadora había un alias ll='ls -la'. El local, conocido como "El Paraíso", queda en la zona conocida como la \
Costanera. La Tía de la víctima, que es docente, colaboró. El Gordo y el Flaco de la película no tienen nada que ver.""",
     hide=["Ruso", "2.987.654", "Chiquito", "Toto", "Pelado", "Kururú", "Tía Chela", "Gringo", "Polaco"],
     names=["Julio César Maidana", "Marcos Paredes"],
     keep=["DIRECCIÓN DE INVESTIGACIÓN CRIMINAL – Informe de inteligencia N° 77/2025 (reservado)",
           "Se identificó a la red que opera entre Encarnación y Posadas.", "Su cabecilla es ", ', alias "el ',
           "; su lugarteniente, ", " a) ", ", y una mujer conocida como ", ", que capta a las chicas en la terminal.",
           "El chofer, (a) ", ", maneja una Sprinter blanca.", 'Otro miembro, apodado "', '", cobra en la frontera; '
           'a la dueña del local le dicen "la ', "En Posadas el contacto es un tal ", ', también conocido como "',
           "Orden del día de la reunión: a) Informe del fiscal; b) Varios.",
           "Los alias de correo y el alias de Git que usaban fueron pedidos a la Unidad de Delitos Informáticos; en "
           "la computadora había un alias ll='ls -la'.",
           'El local, conocido como "El Paraíso", queda en la zona conocida como la Costanera.',
           "La Tía de la víctima, que es docente, colaboró.",
           "El Gordo y el Flaco de la película no tienen nada que ver."])

_case("diario", """ÚLTIMA HORA – Policiales. Domingo 16 de marzo de 2025
Rescatan a cinco adolescentes en un prostíbulo de Ciudad del Este
La fiscal Teresa Martínez, de la Unidad Especializada de Trata, informó que el operativo se realizó el sábado en un \
local del barrio Boquerón. "Las chicas tenían entre 14 y 17 años y venían de Caaguazú y San Pedro", dijo la \
fiscal Martínez. Fue detenido el propietario, Ramón Aquino Báez (54), conocido como "Ramoncito", y su pareja, \
Dalma Leiva (31). Según el comisario Hugo Franco, jefe de la Comisaría 7ª, la pareja se movía en una camioneta \
Kia Sorento con chapa AAEX 452 y en una moto Kenton GTR 150. Una de las víctimas, de 15 años, hija de Ña Celia \
Gómez, fue reconocida por su tía. La ministra de la Niñez, Teresa Martínez (homónima de la fiscal), anunció que \
las adolescentes quedarán en el albergue. El caso se suma a los 42 registrados en 2024 según el Ministerio Público. \
Denuncias al 147 (Fono Ayuda) o al 911. Foto: ABC Color / Archivo.""",
     hide=["Ramoncito", "AAEX 452", "Celia Gómez"],
     names=["Teresa Martínez", "fiscal Martínez", "Ramón Aquino Báez", "Dalma Leiva", "Hugo Franco"],
     keep=["ÚLTIMA HORA – Policiales. Domingo 16 de marzo de 2025",
           "Rescatan a cinco adolescentes en un prostíbulo de Ciudad del Este", "La fiscal ",
           ", de la Unidad Especializada de Trata, informó que el operativo se realizó el sábado en un local del "
           "barrio Boquerón.", '"Las chicas tenían entre 14 y 17 años y venían de Caaguazú y San Pedro", dijo la '
           "fiscal ", "Fue detenido el propietario, ", " (54), conocido como \"", '", y su pareja, ', " (31).",
           "Según el comisario ", ", jefe de la Comisaría 7ª, la pareja se movía en una camioneta Kia Sorento con "
           "chapa ", " y en una moto Kenton GTR 150.", "Una de las víctimas, de 15 años, hija de Ña ",
           ", fue reconocida por su tía.", "La ministra de la Niñez, ",
           " (homónima de la fiscal), anunció que las adolescentes quedarán en el albergue.",
           "El caso se suma a los 42 registrados en 2024 según el Ministerio Público.",
           "Denuncias al 147 (Fono Ayuda) o al 911. Foto: ABC Color / Archivo."])

_case("escuela", """ESCUELA BÁSICA N° 2345 "SAN ROQUE GONZÁLEZ DE SANTA CRUZ" – Compañía Potrero, Caazapá
PLANILLA DE CALIFICACIONES – 6° grado, Sección A – 1ª etapa 2025 – Docente: Prof. Mirian Ayala
N° | Apellidos y Nombres | C.I. | Castellano | Guaraní | Matemática | Promedio
1 | Acosta Ruiz, Liz Paola | 6.123.456 | 4 | 5 | 3 | 4
2 | Benítez Vera, Juan José | 6.234.567 | 3 | 4 | 2 | 3
3 | Cáceres, María de los Ángeles | 6.345.678 | 5 | 5 | 5 | 5
Alumnos con inasistencias (más de 10 días):
1. ESCOBAR GIMÉNEZ, Rodrigo – trabaja en la olería con el padre
2. Fleitas, Nancy Carolina – cuida a sus hermanos
Observación: la alumna Liz Paola Acosta falta desde que su tío materno, Celso Ramírez, la llevó a trabajar a \
Asunción. Su abuela paterna, doña Eladia Villalba, vive en la compañía. El padrastro, Ramón Ortiz, no firma las \
libretas. Su prima hermana, Gabriela Acosta, ya terminó el 9° grado. Su tío materno, que vive en Luque, no sabe \
nada. Su madrina, la Directora de la escuela, avisó a la CODENI.
Firma de la docente: ____________ Sello de la Dirección.""",
     hide=["Acosta Ruiz, Liz Paola", "6.123.456", "Benítez Vera, Juan José", "6.234.567",
           "Cáceres, María de los Ángeles", "6.345.678", "ESCOBAR GIMÉNEZ, Rodrigo", "Fleitas, Nancy Carolina",
           "Celso Ramírez", "Eladia Villalba", "Ramón Ortiz", "Gabriela Acosta"],
     names=["Liz Paola Acosta", "Mirian Ayala"],
     keep=['ESCUELA BÁSICA N° 2345 "SAN ROQUE GONZÁLEZ DE SANTA CRUZ" – Compañía Potrero, Caazapá',
           "PLANILLA DE CALIFICACIONES – 6° grado, Sección A – 1ª etapa 2025 – Docente: Prof. ",
           "N° | Apellidos y Nombres | C.I. | Castellano | Guaraní | Matemática | Promedio", " | 4 | 5 | 3 | 4",
           " | 3 | 4 | 2 | 3", " | 5 | 5 | 5 | 5", "Alumnos con inasistencias (más de 10 días):",
           " – trabaja en la olería con el padre", " – cuida a sus hermanos", "Observación: la alumna ",
           " falta desde que su tío materno, ", ", la llevó a trabajar a Asunción.", "Su abuela paterna, doña ",
           ", vive en la compañía.", "El padrastro, ", ", no firma las libretas.", "Su prima hermana, ",
           ", ya terminó el 9° grado.", "Su tío materno, que vive en Luque, no sabe nada.",
           "Su madrina, la Directora de la escuela, avisó a la CODENI.",
           "Firma de la docente: ____________ Sello de la Dirección."])

_case("ocr_cedulas", """DENUNCIA MANUSCRITA – TRANSCRIPCIÓN OCR (Comisaría 1ª de Villarrica)
Yo, ROSA ESTHER GAUTO, C.I. N° 4.S67.89O, denuncio que mi hija DAHIANA GAUTO, CI 6.l23.4S6, fue llevada por el \
señor RUBEN ALCARAZ, C.I.N° I.234.567, a trabajar a una casa en Asuncion. Mi marido tiene cedula 3.2B7.65O y mi \
otra hija C.I. N° 5.O12.345. El senor ALCARAZ tiene un auto con chapa AABO 123 y su telefono es O981 234 567.
Testigo: NORMA BENITEZ, CI: 2.345.67B.
Recibido por el Suboficial 2° de turno el 14/O2/2025 a las 1O:3O. Ley N° 4.788 y Ley 1.680 (Código de la Niñez). \
El caso se deriva a la Fiscalia Zonal de Villarrica. Se adjunta copia de la C.I. de la denunciante (3 hojas). \
Hoja 2 de 3. CI: no tiene la niña.""",
     hide=["4.S67.89O", "6.l23.4S6", "I.234.567", "3.2B7.65O", "5.O12.345", "AABO 123", "O981 234 567", "2.345.67B",
           "NORMA BENITEZ"],
     names=["ROSA ESTHER GAUTO", "DAHIANA GAUTO", "RUBEN ALCARAZ", "ALCARAZ"],
     keep=["DENUNCIA MANUSCRITA – TRANSCRIPCIÓN OCR (Comisaría 1ª de Villarrica)", "Yo, ", ", denuncio que mi hija ",
           ", fue llevada por el señor ", ", a trabajar a una casa en Asuncion.", "Mi marido tiene ",
           " y mi otra hija ", "El senor ", " tiene un auto con chapa ", " y su telefono es ", "Testigo: ",
           "Recibido por el Suboficial 2° de turno el 14/O2/2025 a las 1O:3O.",
           "Ley N° 4.788 y Ley 1.680 (Código de la Niñez).", "El caso se deriva a la Fiscalia Zonal de Villarrica.",
           "Se adjunta copia de la C.I. de la denunciante (3 hojas).", "Hoja 2 de 3. CI: no tiene la niña."])

_case("boletim_pt", """POLÍCIA CIVIL DO PARANÁ – Delegacia de Foz do Iguaçu. BOLETIM DE OCORRÊNCIA N° 2025/118.
Data do fato: 12/03/2025. Vítima: Jéssica Fernanda Rocha, paraguaia, nascida em 12/03/2009, RG 12.345.678-9, \
filha de Ana Rocha. Data de nascimento: 14/05/2007 (segundo a certidão paraguaia).
Autor: Cláudio Roberto Martins, vulgo "Magrão", CPF 123.456.789-09, conhecido como Tatu, conduzia o veículo Fiat \
Strada placa BRA2E19. A empresa Transportes Fronteira Ltda., CNPJ 12.345.678/0001-90, é dona do veículo. Telefone \
do autor: (45) 99876-5432. E-mail: claudinho.martins@hotmail.com.
O computador da delegacia estava com a placa de vídeo queimada e a placa-mãe com defeito. A vítima foi \
encaminhada ao Conselho Tutelar e ao CREAS de Foz do Iguaçu. A Ponte da Amizade fica fechada das 22h às 6h.""",
     hide=["Jéssica Fernanda Rocha", "12/03/2009", "12.345.678-9", "Ana Rocha", "14/05/2007",
           "Cláudio Roberto Martins", "Magrão", "123.456.789-09", "Tatu", "BRA2E19", "12.345.678/0001-90",
           "99876-5432", "claudinho.martins@hotmail.com"],
     keep=["POLÍCIA CIVIL DO PARANÁ – Delegacia de Foz do Iguaçu. BOLETIM DE OCORRÊNCIA N° 2025/118.",
           "Data do fato: 12/03/2025. Vítima: ", ", paraguaia, nascida em ", "Data de nascimento: ",
           "(segundo a certidão paraguaia).", "Autor: ", ', vulgo "', ", conhecido como ",
           ", conduzia o veículo Fiat Strada placa ", "A empresa Transportes Fronteira Ltda., CNPJ ",
           ", é dona do veículo.", "Telefone do autor: ", "E-mail: ",
           "O computador da delegacia estava com a placa de vídeo queimada e a placa-mãe com defeito.",
           "A vítima foi encaminhada ao Conselho Tutelar e ao CREAS de Foz do Iguaçu.",
           "A Ponte da Amizade fica fechada das 22h às 6h."])

_case("referral_en", """IOM PARAGUAY – Case referral form (CONFIDENTIAL). Referral date: 05/14/2025.
Client: Maria Jose Caballero, DOB 05/14/2007 (17 y/o), born in Concepción. Client's Paraguayan ID: 5.678.901.
Alleged trafficker: Carlos Alberto Nuñez a.k.a. "Shorty", also known as El Chino; drives a grey Toyota, license \
plate AAGH 789. Known associate: Pedro "Tiburón" Sánchez.
Client's uncle on her mother's side, Tomás Caballero, lives in Horqueta.
The May 14 hearing was postponed. The IT team created an alias for the shared inbox; the plate on the office door \
reads "Protection Unit". Shortly after the hearing, the office closed for the day.
Prepared by: Emily Carter, Protection Officer. Approved by: Juan Pablo Rivas, Head of Office.""",
     hide=["05/14/2007", "5.678.901", "Shorty\"", "Chino", "AAGH 789", "Tiburón", "Sánchez", "Tomás Caballero", "Emily Carter",
           "Juan Pablo Rivas"],
     names=["Maria Jose Caballero", "Carlos Alberto Nuñez"],
     keep=["IOM PARAGUAY – Case referral form (CONFIDENTIAL). Referral date: 05/14/2025.", "Client: ",
           ", DOB ", " (17 y/o), born in Concepción.", "Client's Paraguayan ID: ", "Alleged trafficker: ",
           ' a.k.a. "', ", also known as El ", "; drives a grey Toyota, license plate ", "Known associate: ",
           "Client's uncle on her mother's side, ", ", lives in Horqueta.", "The May 14 hearing was postponed.",
           "The IT team created an alias for the shared inbox; the plate on the office door reads "
           '"Protection Unit".', "Shortly after the hearing, the office closed for the day.", "Prepared by: ",
           ", Protection Officer.", "Approved by: ", ", Head of Office."])


@pytest.fixture(scope="module")
def listed():
    return Redactor(NAMES)


# --- 1. whole texts of each genre -----------------------------------------------------------------------------------

test_each_genre_hides_its_identifiers_and_keeps_every_trap = genre_test(CASES)


def test_the_grade_sheet_and_the_case_title_read_with_their_people_hidden():
    sheet = redact(CASES.text("escuela"))
    assert "1 | [nombre] | [cédula] | 4 | 5 | 3 | 4" in sheet
    assert "1. [nombre] – trabaja en la olería con el padre" in sheet
    notice = redact(CASES.text("cedula_notificacion"))
    assert 'caratulado "MINISTERIO PÚBLICO c/ [nombre] y OTROS s/ TRATA DE PERSONAS y OTROS"' in notice
    assert '"[nombre] s/ trata de personas (víctima: [nombre])"' in notice


# --- 2. each new kind of identifier, alone --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # plates of four countries; a badge said a few words after its word
    ("la camioneta chapa AAPK 123 y el auto con chapa BCD 456", "la camioneta chapa [chapa] y el auto con chapa [chapa]"),
    ("un camión con patente argentina AB 123 CD", "un camión con patente argentina [chapa]"),
    ("otra camioneta con placa RIO2A18", "otra camioneta con placa [chapa]"),
    ("La chapa policial del agente interviniente es la N° 8842.",
     "La chapa policial del agente interviniente es la N° [registro]."),
    # RUC of a person and of a company, with its check digit however it is spaced; a Brazilian CNPJ
    ("RUC 4.567.890-1", "[cédula]"), ("constancia de RUC: 4567890 - 1 y", "constancia de [cédula] y"),
    ("S.A., RUC 80012345-6.", "S.A., [cédula]."), ("figura como 3.987.654-0.", "figura como [cédula]."),
    ("CNPJ 12.345.678/0001-90, é dona", "CNPJ [cédula], é dona"),
    # birth dates said with a gap, an aside, an abbreviated month, in Portuguese
    ("Fecha de nacimiento según partida: 3 de mayo de 2008", "Fecha de nacimiento según partida: [fecha de nacimiento]"),
    ("F. Nac. (cédula): 12-03-2009", "F. Nac. (cédula): [fecha de nacimiento]"),
    ("Fecha de nac.: 12 mar. 2009", "Fecha de nac.: [fecha de nacimiento]"),
    ("nascida em 12/03/2009, RG", "nascida em [fecha de nacimiento], RG"),
    ("Data de nascimento: 14/05/2007", "Data de nascimento: [fecha de nacimiento]"),
    # a cédula and a phone read by OCR
    ("Yo, C.I. N° 4.S67.89O, denuncio", "Yo, [cédula], denuncio"), ("mi hija, CI 6.l23.4S6, fue", "mi hija, [cédula], fue"),
    ("su telefono es O981 234 567.", "su telefono es [teléfono]."),
])
def test_a_new_kind_of_identifier_is_hidden(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    # nicknames
    ('Julio Maidana, alias "el Ruso", cayó', 'Julio Maidana, alias "el [nombre]", cayó'),
    ("su lugarteniente, Marcos a) Chiquito, y", "su lugarteniente, Marcos a) [nombre], y"),
    ("El chofer, (a) Pelado, maneja", "El chofer, (a) [nombre], maneja"),
    ("una mujer conocida como Toto, que capta", "una mujer conocida como [nombre], que capta"),
    ('a la dueña le dicen "la Tía Chela".', 'a la dueña le dicen "la [nombre]".'),
    ("el contacto es un tal Gringo.", "el contacto es un tal [nombre]."),
    ('vulgo "Magrão", CPF', 'vulgo "[nombre]", CPF'), ('a.k.a. "Shorty", also known as El Chino;',
                                                           'a.k.a. "[nombre]", also known as El [nombre];'),
    ('Known associate: Pedro "Tiburón" Sánchez.', "Known associate: [nombre]."),
    # relatives beside their kin word, a single parent
    ("su tío materno, Celso Ramírez, la llevó", "su tío materno, [nombre], la llevó"),
    ("Su abuela paterna, doña Eladia Villalba, vive", "Su abuela paterna, doña [nombre], vive"),
    ("Client's uncle on her mother's side, Tomás Caballero, lives", "Client's uncle on her mother's side, [nombre], lives"),
    ("hija de Ña Celia Gómez, fue reconocida", "hija de Ña [nombre], fue reconocida"),
    # an e-mail's people
    ("De: Lic. Marta Sosa <ms@mtess.gov.py>\nPara: Carlos Ojeda; Fiscalía de Areguá\nCC: 'Nidia Cabrera'",
     "De: Lic. [nombre] <[correo]>\nPara: [nombre]; Fiscalía de Areguá\nCC: '[nombre]'"),
    ("Estimado Carlos:\nTe reenvío", "Estimado [nombre]:\nTe reenvío"),
    ("Best regards,\nSarah Johnson | Program Officer", "Best regards,\n[nombre] | Program Officer"),
    # a court's notification, a form's people
    ("Señora: Rosalía Ferreira Núñez", "Señora: [nombre]"), ("Testigo: NORMA BENITEZ, CI:", "Testigo: [nombre], CI:"),
    ('"Fiscalía c/ Walter Insfrán s/ explotación sexual"', '"Fiscalía c/ [nombre] s/ explotación sexual"'),
    ("Prepared by: Emily Carter, Protection Officer.", "Prepared by: [nombre], Protection Officer."),
    ("2. Fleitas, Nancy Carolina – cuida a sus hermanos", "2. [nombre] – cuida a sus hermanos"),
])
def test_a_person_nobody_listed_is_hidden_where_the_text_says_who_they_are(text, expected):
    assert redact(text) == expected


def test_the_quick_check_lets_the_new_kinds_through(listed):
    texts = ['alias "el Ruso"', "su tío materno, Celso Ramírez", "Estimado Carlos:\nHola", '"Gavilán, Antonio s/ trata"',
             'Pedro "Tiburón" Sánchez', "la fiscalía pidió el acta"]
    assert listed.may_need_findings(texts)[:5] == [True] * 5
    assert [bool(f) for f in listed.findings_many(texts)] == [True, True, True, True, True, False]
    assert listed.findings_many(texts) == [listed.findings(t) for t in texts]


# --- 3. what looks like those and stays -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # roofs, signs, graphics cards and motorcycle models are no plates
    "dormían en un galpón con techo de chapa, y la chapa del techo se volaba", "una placa de identificación en la puerta",
    "una moto Yamaha YBR 125 y otra Kenton GTR 150", "la placa de vídeo queimada e a placa-mãe com defeito",
    "the plate on the office door reads Protection Unit",
    # dates of events, ages, amounts, laws, invoices
    "El 12/03/2024 se hizo el operativo", "la audiencia preliminar es el 3 de mayo de 2025",
    "Fecha de ingreso: 14/03/2025.", "Referral date: 05/14/2025. The May 14 hearing was postponed.",
    "La madre tiene 38 años.", "El salario es de 1.500.000 guaraníes, por debajo del mínimo de 2.798.309.",
    "la factura N° 001-001-0004567 con timbrado vigente", "Ley N° 4.788 y Ley 1.680", "Expediente N° 1234/2024",
    "Se adjunta copia de la C.I. de la denunciante (3 hojas).", "CI: no tiene la niña.",
    # "alias" in software talk, places "conocidos como", enumerations, families told without names
    "Los alias de correo y el alias de Git", "alias ll='ls -la'", "The IT team created an alias for the inbox",
    'El local, conocido como "El Paraíso", queda en la zona conocida como la Costanera.',
    "Orden del día: a) Informe del fiscal; b) Varios.", "los puntos son: (a) Informe y (b) Varios",
    "Su tío materno, que vive en Luque, no sabe nada.", "Su madrina, la Directora de la escuela, avisó.",
    "La Tía de la víctima, que es docente, colaboró.", "El Gordo y el Flaco de la película",
    "hija de Dios y de la Virgen", "hijas de María Auxiliadora", "the shelter run by our partner Grace Community Church",
    # e-mail lines that name no one; institutions as parties
    "Para: Fiscalía de Areguá", "Asunto: RE: caso de la adolescente de Luque", "Estimada Directora:",
    "Saludos cordiales,\nLa Dirección", '"MINISTERIO PÚBLICO c/ N.N. s/ TRATA DE PERSONAS"',
    "Sent: Friday, February 28, 2025 4:02 PM", "Hola todos, ¿cómo están?",
])
def test_what_only_looks_like_these_stays(text, listed):
    assert redact(text) == text
    assert listed.redact(text) == text
