"""Build the TAGS glossary, the station list and the origin table in resources/data.

Usage: python tools/build_reference_data.py [REALDATA_DIR] [OUT_DIR]

REALDATA_DIR defaults to ../shared/realdata next to the repository (or, failing that, the
copy in tests/fixtures/realdata); OUT_DIR defaults to resources/data. Output is sorted and
deterministic: running the script twice gives identical files.

Inputs (REALDATA_DIR/reference_lists/):
  subject-tags.txt, organization-tags.txt   heuer/cablemap code lists (no names)
  wikileaks_final_build_browse_lists.json   274 origins and 3,875 raw tags of the final build
  tags_names_observed_plusd.json            14 code -> name pairs as PlusD shows them
  cable2month.csv.gz                        every reference id of the release

  cables_csv/, wikileaks_html/                the real cable texts (for known_words.txt)

Outputs:
  tag_glossary.csv     code,name,kind,source
  tag_vocabulary.txt   codes the TAGS normaliser treats as known single codes
  tag_core.txt         codes attested by a source other than the final build's tag list
                       (the only ones a glued word such as MASSMNUC is split into)
  known_words.txt      words and names of five letters or more met in real cable texts
                       (a TAGS word that is one of them is never split into codes)
  stations.txt         the real station tokens of the reference ids (garbled ones left out)
  refid_aliases.csv    published,canonical,kind for the malformed ids of the release
  cable2month.csv.gz   every reference id of the release with its month (a copy)

Name sources (column ``source``): ``plusd-observed`` (the 14 PlusD pairs), ``fips-10-4``
(geographic codes: State's TAGS geographic codes are, with few exceptions, FIPS 10-4),
``tags-handbook`` (subject and program titles from the State Department TAGS/Terms
Handbook, only those known reliably), ``hand-compiled`` (organisation names, a few TAGS
geographic codes that are not FIPS, and kinds of stray four-letter codes). Empty when the row
has no name.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from malformed_ids import (  # noqa: E402  (a sibling module of this script)
    ReleaseIds,
    garbled_stations,
    malformed_aliases,
)

from desktop.archive.glossary import (  # noqa: E402  (needs the repository on sys.path)
    ORIGIN_GROUPS,
    TAG_KINDS,
    VOCABULARY_KINDS,
    infer_origin_group,
)
from desktop.archive.records import RawCable  # noqa: E402
from desktop.archive.sources import read_source  # noqa: E402

# --------------------------------------------------------------------------------------------
# Geographic codes: FIPS PUB 10-4 country codes (public domain), as of 2010, plus the two
# historical codes still met in the archive (UR, YI). Short names in State's usual style.
# --------------------------------------------------------------------------------------------
FIPS_10_4: dict[str, str] = {
    "AA": "Aruba", "AC": "Antigua and Barbuda", "AE": "United Arab Emirates",
    "AF": "Afghanistan", "AG": "Algeria", "AJ": "Azerbaijan", "AL": "Albania", "AM": "Armenia",
    "AN": "Andorra", "AO": "Angola", "AQ": "American Samoa", "AR": "Argentina",
    "AS": "Australia", "AT": "Ashmore and Cartier Islands", "AU": "Austria", "AV": "Anguilla",
    "AX": "Akrotiri", "AY": "Antarctica", "BA": "Bahrain", "BB": "Barbados", "BC": "Botswana",
    "BD": "Bermuda", "BE": "Belgium", "BF": "Bahamas", "BG": "Bangladesh", "BH": "Belize",
    "BK": "Bosnia and Herzegovina", "BL": "Bolivia", "BM": "Burma", "BN": "Benin",
    "BO": "Belarus", "BP": "Solomon Islands", "BQ": "Navassa Island", "BR": "Brazil",
    "BS": "Bassas da India", "BT": "Bhutan", "BU": "Bulgaria", "BV": "Bouvet Island",
    "BX": "Brunei", "BY": "Burundi", "CA": "Canada", "CB": "Cambodia", "CD": "Chad",
    "CE": "Sri Lanka", "CF": "Congo (Brazzaville)", "CG": "Congo (Kinshasa)", "CH": "China",
    "CI": "Chile", "CJ": "Cayman Islands", "CK": "Cocos (Keeling) Islands", "CM": "Cameroon",
    "CN": "Comoros", "CO": "Colombia", "CQ": "Northern Mariana Islands",
    "CR": "Coral Sea Islands", "CS": "Costa Rica", "CT": "Central African Republic",
    "CU": "Cuba", "CV": "Cape Verde", "CW": "Cook Islands", "CY": "Cyprus", "DA": "Denmark",
    "DJ": "Djibouti", "DO": "Dominica", "DQ": "Jarvis Island", "DR": "Dominican Republic",
    "DX": "Dhekelia", "EC": "Ecuador", "EG": "Egypt", "EI": "Ireland",
    "EK": "Equatorial Guinea", "EN": "Estonia", "ER": "Eritrea", "ES": "El Salvador",
    "ET": "Ethiopia", "EU": "Europa Island", "EZ": "Czech Republic", "FG": "French Guiana",
    "FI": "Finland", "FJ": "Fiji", "FK": "Falkland Islands (Islas Malvinas)",
    "FM": "Micronesia, Federated States of", "FO": "Faroe Islands", "FP": "French Polynesia",
    "FQ": "Baker Island", "FR": "France", "FS": "French Southern and Antarctic Lands",
    "GA": "Gambia", "GB": "Gabon", "GG": "Georgia", "GH": "Ghana", "GI": "Gibraltar",
    "GJ": "Grenada", "GK": "Guernsey", "GL": "Greenland", "GM": "Germany",
    "GO": "Glorioso Islands", "GP": "Guadeloupe", "GQ": "Guam", "GR": "Greece",
    "GT": "Guatemala", "GV": "Guinea", "GY": "Guyana", "GZ": "Gaza Strip", "HA": "Haiti",
    "HK": "Hong Kong", "HM": "Heard Island and McDonald Islands", "HO": "Honduras",
    "HQ": "Howland Island", "HR": "Croatia", "HU": "Hungary", "IC": "Iceland",
    "ID": "Indonesia", "IM": "Isle of Man", "IN": "India",
    "IO": "British Indian Ocean Territory", "IP": "Clipperton Island", "IR": "Iran",
    "IS": "Israel", "IT": "Italy", "IV": "Cote d'Ivoire", "IZ": "Iraq", "JA": "Japan",
    "JE": "Jersey", "JM": "Jamaica", "JN": "Jan Mayen", "JO": "Jordan",
    "JQ": "Johnston Atoll", "JU": "Juan de Nova Island", "KE": "Kenya", "KG": "Kyrgyzstan",
    "KN": "Korea (North)", "KQ": "Kingman Reef", "KR": "Kiribati", "KS": "Korea (South)",
    "KT": "Christmas Island", "KU": "Kuwait", "KV": "Kosovo", "KZ": "Kazakhstan", "LA": "Laos",
    "LE": "Lebanon", "LG": "Latvia", "LH": "Lithuania", "LI": "Liberia", "LO": "Slovakia",
    "LQ": "Palmyra Atoll", "LS": "Liechtenstein", "LT": "Lesotho", "LU": "Luxembourg",
    "LY": "Libya", "MA": "Madagascar", "MB": "Martinique", "MC": "Macau", "MD": "Moldova",
    "MF": "Mayotte", "MG": "Mongolia", "MH": "Montserrat", "MI": "Malawi", "MJ": "Montenegro",
    "MK": "Macedonia", "ML": "Mali", "MN": "Monaco", "MO": "Morocco", "MP": "Mauritius",
    "MQ": "Midway Islands", "MR": "Mauritania", "MT": "Malta", "MU": "Oman", "MV": "Maldives",
    "MX": "Mexico", "MY": "Malaysia", "MZ": "Mozambique", "NC": "New Caledonia", "NE": "Niue",
    "NF": "Norfolk Island", "NG": "Niger", "NH": "Vanuatu", "NI": "Nigeria",
    "NL": "Netherlands", "NO": "Norway", "NP": "Nepal", "NR": "Nauru", "NS": "Suriname",
    "NT": "Netherlands Antilles", "NU": "Nicaragua", "NZ": "New Zealand", "PA": "Paraguay",
    "PC": "Pitcairn Islands", "PE": "Peru", "PF": "Paracel Islands", "PG": "Spratly Islands",
    "PK": "Pakistan", "PL": "Poland", "PM": "Panama", "PO": "Portugal",
    "PP": "Papua New Guinea", "PS": "Palau", "PU": "Guinea-Bissau", "QA": "Qatar",
    "RE": "Reunion", "RI": "Serbia", "RM": "Marshall Islands", "RN": "Saint Martin",
    "RO": "Romania", "RP": "Philippines", "RQ": "Puerto Rico", "RS": "Russia", "RW": "Rwanda",
    "SA": "Saudi Arabia", "SB": "Saint Pierre and Miquelon", "SC": "Saint Kitts and Nevis",
    "SE": "Seychelles", "SF": "South Africa", "SG": "Senegal", "SH": "Saint Helena",
    "SI": "Slovenia", "SL": "Sierra Leone", "SM": "San Marino", "SN": "Singapore",
    "SO": "Somalia", "SP": "Spain", "ST": "Saint Lucia", "SU": "Sudan", "SV": "Svalbard",
    "SW": "Sweden", "SX": "South Georgia and the South Sandwich Islands", "SY": "Syria",
    "SZ": "Switzerland", "TB": "Saint Barthelemy", "TD": "Trinidad and Tobago",
    "TE": "Tromelin Island", "TH": "Thailand", "TI": "Tajikistan",
    "TK": "Turks and Caicos Islands", "TL": "Tokelau", "TN": "Tonga", "TO": "Togo",
    "TP": "Sao Tome and Principe", "TS": "Tunisia", "TT": "Timor-Leste", "TU": "Turkey",
    "TV": "Tuvalu", "TW": "Taiwan", "TX": "Turkmenistan", "TZ": "Tanzania", "UG": "Uganda",
    "UK": "United Kingdom", "UP": "Ukraine", "US": "United States", "UV": "Burkina Faso",
    "UY": "Uruguay", "UZ": "Uzbekistan", "VC": "Saint Vincent and the Grenadines",
    "VE": "Venezuela", "VI": "British Virgin Islands", "VM": "Vietnam",
    "VQ": "Virgin Islands (US)", "VT": "Holy See (Vatican City)", "WA": "Namibia",
    "WE": "West Bank", "WF": "Wallis and Futuna", "WI": "Western Sahara", "WQ": "Wake Island",
    "WS": "Samoa", "WZ": "Swaziland", "YM": "Yemen", "ZA": "Zambia", "ZI": "Zimbabwe",
    # historical FIPS codes
    "UR": "Soviet Union (USSR)", "YI": "Serbia and Montenegro (Yugoslavia)",
}

#: Geographic TAGS that are not FIPS 10-4 (or where TAGS usage departs from FIPS), known from
#: State usage and checked against the realdata samples (EU with Paris/Vienna cables, XA on a
#: France-Africa cable, XF on Gulf cables, XL on a Barbados/Tobago cable, XM on Brazil
#: cables). Source "hand-compiled".
GEO_USAGE: dict[str, str] = {
    "EU": "European Union",  # FIPS EU is Europa Island, never meant in cables
    "SR": "Serbia",  # State TAGS used SR and MW after 2006 (FIPS: RI, MJ)
    "MW": "Montenegro",
    "XA": "Africa (region)",
    "XF": "Middle East (region)",
    "XL": "Caribbean (region)",
    "XM": "Latin America (region)",
}

# --------------------------------------------------------------------------------------------
# Subject and program titles (TAGS/Terms Handbook), only those known reliably.
# --------------------------------------------------------------------------------------------

#: Field names PlusD puts before a subject title ("Political Affairs--..."). Only fields
#: seen in PlusD output or on cabledrum.net; B, C, O and S titles go without a field.
SUBJECT_FIELDS: dict[str, str] = {
    "A": "Administration",
    "E": "Economic Affairs",
    "M": "Military and Defense Affairs",
    "P": "Political Affairs",
    "T": "Technology and Science",
}

SUBJECT_TITLES: dict[str, str] = {
    # A: administration
    "AADP": "Automated Data Processing",
    "ABLD": "Buildings and Grounds",
    "ABUD": "Budget Services",
    "ADCO": "Diplomatic Courier Operations",
    "ADPM": "Diplomatic Pouch and Mail",
    "AEMR": "Emergency Planning and Evacuation",
    "AFIN": "Financial Management",
    "AFSN": "Foreign Service National Personnel",
    "AINT": "Internet Administration",
    "ALOW": "Allowances",
    "AMED": "Medical Services",
    "AMGT": "Management Operations",
    "AORC": "International Organizations and Conferences",
    "APER": "Personnel",
    "ASEC": "Security",
    "ASIG": "Inspector General",
    # B: business services
    "BBSR": "Business Services Reporting",
    "BEXP": "Trade Expansion and Promotion",
    # C: consular affairs
    "CASC": "Assistance to Citizens",
    "CFED": "Federal Agency Services",
    "CJAN": "Judicial Assistance and Notarial Services",
    "CLOK": "Visa Lookout",
    "CMGT": "Consular Management",
    "CPAS": "Passports and Citizenship",
    "CVIS": "Visas",
    # E: economic affairs
    "EAGR": "Agriculture and Forestry",
    "EAID": "Foreign Economic Assistance",
    "EAIR": "Civil Aviation",
    "ECPS": "Communications and Postal Systems",
    "EFIS": "Commercial Fishing and Fish Processing",
    "EIND": "Industry and Manufacturing",
    "EINT": "Economic and Commercial Internet",
    "ELAB": "Labor Sector Affairs",
    "ELTN": "Land Transportation",
    "EMIN": "Minerals and Metals",
    "ENRG": "Energy and Power",
    "EPET": "Petroleum and Natural Gas",
    "ETRD": "Foreign Trade",
    "ETTC": "Trade and Technology Controls",
    "EWWT": "Waterborne Transportation",
    # M: military and defense affairs
    "MASS": "Military Assistance and Sales",
    "MCAP": "Military Capabilities",
    "MNUC": "Military Nuclear Applications",
    "MOPS": "Military Operations",
    # O: operations
    "OEXC": "Educational and Cultural Exchange Operations",
    "OIIP": "International Information Programs",
    "OPDC": "Diplomatic Correspondence",
    "OPRC": "Public Relations and Correspondence",
    "OREP": "U.S. Congressional Travel",
    "OTRA": "Travel",
    "OVIP": "Visits and Travel of Prominent Individuals",
    # P: political affairs
    "PARM": "Arms Controls and Disarmament",
    "PBTS": "National Boundaries, Territories, and Sovereignty",
    "PHUM": "Human Rights",
    "PINR": "Intelligence",
    "PINS": "National Security",
    "PREF": "Refugees",
    "PROP": "Propaganda and Psychological Operations",
    "PTER": "Terrorists and Terrorism",
    # S: social affairs
    "SCUL": "Cultural Affairs",
    "SENV": "Environmental Affairs",
    "SMIG": "Migration",
    "SNAR": "Narcotics",
    "SOCI": "Social Conditions",
    # T: technology and science
    "TBIO": "Biological and Medical Science",
    "TINT": "Internet Technology",
    "TPHY": "Physical Sciences",
    "TRGY": "Energy Technology",
    "TSPA": "Space Activities",
    "TSPL": "Science and Technology Policy",
}

#: Program ("K") tags; PlusD shows them without a field.
PROGRAM_TITLES: dict[str, str] = {
    "KAWC": "Atrocities and War Crimes",
    "KBIO": "Biographic Information",
    "KCFE": "Conventional Armed Forces in Europe",
    "KCIP": "Critical Infrastructure Protection",
    "KCOR": "Corruption",
    "KCRM": "Criminal Activity",
    "KDEM": "Democratization",
    "KFRD": "Fraud",
    "KGHG": "Greenhouse Gases",
    "KHDP": "Humanitarian Demining",
    "KHIV": "HIV/AIDS",
    "KHLS": "Homeland Security",
    "KICC": "International Criminal Court",
    "KIPR": "Intellectual Property Rights",
    "KIRF": "International Religious Freedom",
    "KISL": "Islamic Affairs",
    "KMCA": "Millennium Challenge Account",
    "KMPI": "Middle East Partnership Initiative",
    "KNNP": "Nuclear Nonproliferation",
    "KOLY": "Olympics",
    "KPAL": "Palestinian Affairs",
    "KPKO": "Peacekeeping Operations",
    "KPRV": "Privatization",
    "KTEX": "Textiles",
    "KTFN": "Terrorist Financing",
    "KTIP": "Trafficking in Persons",
    "KUNR": "United Nations Reform",
    "KVPR": "Visas Viper",
    "KWBG": "West Bank and Gaza",
    "KWMN": "Women's Issues",
}

# --------------------------------------------------------------------------------------------
# Organisations: names where sure (source "hand-compiled").
# --------------------------------------------------------------------------------------------
ORGANISATION_NAMES: dict[str, str] = {
    "AAFLI": "Asian-American Free Labor Institute",
    "AALC": "African-American Labor Center",
    "ABMC": "American Battle Monuments Commission",
    "ACTU": "Australian Council of Trade Unions",
    "ADB": "Asian Development Bank",
    "AFDB": "African Development Bank",
    "AFDF": "African Development Fund",
    "AFL-CIO": "American Federation of Labor and Congress of Industrial Organizations",
    "AFP": "Agence France-Presse",
    "AFSA": "American Foreign Service Association",
    "AI": "Amnesty International",
    "AID": "Agency for International Development (USAID)",
    "AIFLD": "American Institute for Free Labor Development",
    "AMAL": "Amal Movement (Lebanon)",
    "AMCHAMS": "American Chambers of Commerce",
    "ANC": "African National Congress",
    "ANZUS": "ANZUS Treaty (Australia, New Zealand, United States)",
    "AP": "Associated Press",
    "ARAMCO": "Saudi Arabian Oil Company (Aramco)",
    "ASALA": "Armenian Secret Army for the Liberation of Armenia",
    "ASEAN": "Association of Southeast Asian Nations",
    "AUCCTU": "All-Union Central Council of Trade Unions (USSR)",
    "BA'ATH": "Ba'ath Party",
    "BBC": "British Broadcasting Corporation",
    "BBG": "Broadcasting Board of Governors",
    "BLS": "Bureau of Labor Statistics",
    "BWIA": "BWIA West Indies Airways",
    "CACM": "Central American Common Market",
    "CCNAA": "Coordination Council for North American Affairs (Taiwan)",
    "CDU": "Christian Democratic Union (Germany)",
    "CEMA": "Council for Mutual Economic Assistance (Comecon)",
    "CEQ": "Council on Environmental Quality",
    "CIA": "Central Intelligence Agency",
    "CIEC": "Conference on International Economic Cooperation",
    "CIPEC": "Intergovernmental Council of Copper Exporting Countries",
    "CIS": "Commonwealth of Independent States",
    "CITEL": "Inter-American Telecommunication Commission",
    "COE": "Council of Europe",
    "COMIBOL": "Mining Corporation of Bolivia (Comibol)",
    "COPUOS": "UN Committee on the Peaceful Uses of Outer Space",
    "CPSU": "Communist Party of the Soviet Union",
    "CSU": "Christian Social Union (Bavaria)",
    "CTM": "Confederation of Mexican Workers",
    "CWC": "Chemical Weapons Convention",
    "DCI": "Director of Central Intelligence",
    "DEA": "Drug Enforcement Administration",
    "DHS": "Department of Homeland Security",
    "DIA": "Defense Intelligence Agency",
    "DOD": "Department of Defense",
    "DOE": "Department of Energy",
    "DOT": "Department of Transportation",
    "EAPC": "Euro-Atlantic Partnership Council",
    "EBRD": "European Bank for Reconstruction and Development",
    "ECA": "UN Economic Commission for Africa",
    "ECAC": "European Civil Aviation Conference",
    "ECE": "UN Economic Commission for Europe",
    "ECLAC": "UN Economic Commission for Latin America and the Caribbean",
    "ECMT": "European Conference of Ministers of Transport",
    "ECOSOC": "UN Economic and Social Council",
    "ECOWAS": "Economic Community of West African States",
    "EEOC": "Equal Employment Opportunity Commission",
    "EFTA": "European Free Trade Association",
    "EL AL": "El Al Israel Airlines",
    "ELN": "National Liberation Army (Colombia)",
    "EP": "European Parliament",
    "EPA": "Environmental Protection Agency",
    "ESCAP": "UN Economic and Social Commission for Asia and the Pacific",
    "ETA": "ETA (Basque separatist organisation)",
    "EUCOM": "US European Command",
    "EUN": "European Union",
    "EUROCONTROL": "European Organisation for the Safety of Air Navigation",
    "EXIM": "Export-Import Bank of the United States",
    "FAA": "Federal Aviation Administration",
    "FAO": "Food and Agriculture Organization",
    "FAPLA": "People's Armed Forces for the Liberation of Angola",
    "FARC": "Revolutionary Armed Forces of Colombia",
    "FAS": "Foreign Agricultural Service",
    "FBI": "Federal Bureau of Investigation",
    "FBIS": "Foreign Broadcast Information Service",
    "FCC": "Federal Communications Commission",
    "FCSC": "Foreign Claims Settlement Commission",
    "FDA": "Food and Drug Administration",
    "FDIC": "Federal Deposit Insurance Corporation",
    "FEMA": "Federal Emergency Management Agency",
    "FHWA": "Federal Highway Administration",
    "FLN": "National Liberation Front (Algeria)",
    "FMC": "Federal Maritime Commission",
    "FMLN": "Farabundo Marti National Liberation Front",
    "FNLA": "National Front for the Liberation of Angola",
    "FRB": "Federal Reserve Board",
    "FRELIMO": "Mozambique Liberation Front (Frelimo)",
    "FSLN": "Sandinista National Liberation Front",
    "FTC": "Federal Trade Commission",
    "FTUI": "Free Trade Union Institute",
    "FWS": "Fish and Wildlife Service",
    "G-77": "Group of 77",
    "G-8": "Group of Eight",
    "GAO": "Government Accountability Office (General Accounting Office)",
    "GATT": "General Agreement on Tariffs and Trade",
    "GCC": "Gulf Cooperation Council",
    "GPO": "Government Printing Office",
    "GSA": "General Services Administration",
    "HHS": "Department of Health and Human Services",
    "HUD": "Department of Housing and Urban Development",
    "IADB": "Inter-American Development Bank",
    "IAEA": "International Atomic Energy Agency",
    "IARC": "International Agency for Research on Cancer",
    "IATA": "International Air Transport Association",
    "IATTC": "Inter-American Tropical Tuna Commission",
    "IBRD": "International Bank for Reconstruction and Development (World Bank)",
    "IBWC": "International Boundary and Water Commission",
    "ICAO": "International Civil Aviation Organization",
    "ICBL": "International Campaign to Ban Landmines",
    "ICCAT": "International Commission for the Conservation of Atlantic Tunas",
    "ICES": "International Council for the Exploration of the Sea",
    "ICFTU": "International Confederation of Free Trade Unions",
    "ICJ": "International Court of Justice",
    "ICMC": "International Catholic Migration Commission",
    "ICRC": "International Committee of the Red Cross",
    "ICTR": "International Criminal Tribunal for Rwanda",
    "ICTY": "International Criminal Tribunal for the former Yugoslavia",
    "IDA": "International Development Association",
    "IEA": "International Energy Agency",
    "IFAD": "International Fund for Agricultural Development",
    "IFC": "International Finance Corporation",
    "IFRC": "International Federation of Red Cross and Red Crescent Societies",
    "IHB": "International Hydrographic Bureau",
    "IJC": "International Joint Commission",
    "ILO": "International Labour Organization",
    "ILZSG": "International Lead and Zinc Study Group",
    "IMF": "International Monetary Fund",
    "IMO": "International Maritime Organization",
    "INCB": "International Narcotics Control Board",
    "INMARSAT": "International Maritime Satellite Organization",
    "INS": "Immigration and Naturalization Service",
    "INTELSAT": "International Telecommunications Satellite Organization",
    "INTERPOL": "International Criminal Police Organization (Interpol)",
    "IOC": "International Olympic Committee",
    "IOM": "International Organization for Migration",
    "IPHC": "International Pacific Halibut Commission",
    "IPU": "Inter-Parliamentary Union",
    "IRA": "Irish Republican Army",
    "IREX": "International Research and Exchanges Board",
    "IRS": "Internal Revenue Service",
    "ISO": "International Organization for Standardization",
    "ITTO": "International Tropical Timber Organization",
    "ITU": "International Telecommunication Union",
    "IUCNNR": "International Union for Conservation of Nature and Natural Resources",
    "JAL": "Japan Airlines",
    "JAT": "JAT Yugoslav Airlines",
    "JDL": "Jewish Defense League",
    "KAL": "Korean Air Lines",
    "KANU": "Kenya African National Union",
    "KGB": "KGB (Soviet Committee for State Security)",
    "KMT": "Kuomintang",
    "KOC": "Kuwait Oil Company",
    "LOT": "LOT Polish Airlines",
    "MARAD": "Maritime Administration",
    "MEA": "Middle East Airlines",
    "MFO": "Multinational Force and Observers (Sinai)",
    "MINURSO": "UN Mission for the Referendum in Western Sahara",
    "MNLF": "Moro National Liberation Front",
    "MONUC": "UN Organization Mission in the Democratic Republic of the Congo",
    "MPLA": "Popular Movement for the Liberation of Angola",
    "NAFO": "Northwest Atlantic Fisheries Organization",
    "NAMSA": "NATO Maintenance and Supply Agency",
    "NASA": "National Aeronautics and Space Administration",
    "NASCO": "North Atlantic Salmon Conservation Organization",
    "NATO": "North Atlantic Treaty Organization",
    "NBS": "National Bureau of Standards",
    "NDU": "National Defense University",
    "NIDA": "National Institute on Drug Abuse",
    "NIH": "National Institutes of Health",
    "NIOC": "National Iranian Oil Company",
    "NMFS": "National Marine Fisheries Service",
    "NNPC": "Nigerian National Petroleum Corporation",
    "NOAA": "National Oceanic and Atmospheric Administration",
    "NSA": "National Security Agency",
    "NSC": "National Security Council",
    "NSF": "National Science Foundation",
    "NTIA": "National Telecommunications and Information Administration",
    "NTIS": "National Technical Information Service",
    "NTSB": "National Transportation Safety Board",
    "OAPEC": "Organization of Arab Petroleum Exporting Countries",
    "OAS": "Organization of American States",
    "OAU": "Organization of African Unity",
    "OECD": "Organisation for Economic Co-operation and Development",
    "OECS": "Organisation of Eastern Caribbean States",
    "OIE": "World Organisation for Animal Health (OIE)",
    "OMB": "Office of Management and Budget",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "OPIC": "Overseas Private Investment Corporation",
    "OPM": "Office of Personnel Management",
    "ORIT-ICFTU": "Inter-American Regional Organization of Workers (ICFTU)",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "OSHA": "Occupational Safety and Health Administration",
    "OSIA": "On-Site Inspection Agency",
    "OVP": "Office of the Vice President",
    "PAHO": "Pan American Health Organization",
    "PEMEX": "Petroleos Mexicanos (Pemex)",
    "PETROBRAS": "Petroleo Brasileiro (Petrobras)",
    "PFLP": "Popular Front for the Liberation of Palestine",
    "PFP": "Partnership for Peace",
    "PHS": "Public Health Service",
    "PIA": "Pakistan International Airlines",
    "PLO": "Palestine Liberation Organization",
    "PRI": "Institutional Revolutionary Party (Mexico)",
    "PSOE": "Spanish Socialist Workers' Party",
    "QANTAS": "Qantas Airways",
    "RENAMO": "Mozambican National Resistance (Renamo)",
    "RFE": "Radio Free Europe",
    "RL": "Radio Liberty",
    "RRB": "Railroad Retirement Board",
    "SAARC": "South Asian Association for Regional Cooperation",
    "SAS": "Scandinavian Airlines System",
    "SBA": "Small Business Administration",
    "SEC": "Securities and Exchange Commission",
    "SELA": "Latin American Economic System",
    "SFOR": "Stabilization Force (NATO, Bosnia and Herzegovina)",
    "SPD": "Social Democratic Party of Germany",
    "SPLA": "Sudan People's Liberation Army",
    "SPLM": "Sudan People's Liberation Movement",
    "SSA": "Social Security Administration",
    "SWAPO": "South West Africa People's Organization",
    "THY": "Turkish Airlines (THY)",
    "TPLF": "Tigray People's Liberation Front",
    "TRSY": "Department of the Treasury",
    "TUAC": "Trade Union Advisory Committee to the OECD",
    "TUC": "Trades Union Congress (UK)",
    "TVA": "Tennessee Valley Authority",
    "UAW": "United Auto Workers",
    "UMNO": "United Malays National Organisation",
    "UN": "United Nations",
    "UNAMSIL": "UN Mission in Sierra Leone",
    "UNBRO": "UN Border Relief Operation",
    "UNCHS": "UN Centre for Human Settlements (Habitat)",
    "UNCITRAL": "UN Commission on International Trade Law",
    "UNCND": "UN Commission on Narcotic Drugs",
    "UNCSD": "UN Commission on Sustainable Development",
    "UNCSW": "UN Commission on the Status of Women",
    "UNCTAD": "UN Conference on Trade and Development",
    "UNDOF": "UN Disengagement Observer Force",
    "UNDP": "UN Development Programme",
    "UNDRO": "UN Disaster Relief Organization",
    "UNEF": "UN Emergency Force",
    "UNEP": "UN Environment Programme",
    "UNESCO": "UN Educational, Scientific and Cultural Organization",
    "UNFICYP": "UN Peacekeeping Force in Cyprus",
    "UNFPA": "UN Population Fund",
    "UNGA": "UN General Assembly",
    "UNGA/C-1": "UN General Assembly, First Committee",
    "UNGA/C-2": "UN General Assembly, Second Committee",
    "UNGA/C-3": "UN General Assembly, Third Committee",
    "UNGA/C-4": "UN General Assembly, Fourth Committee",
    "UNGA/C-5": "UN General Assembly, Fifth Committee",
    "UNGA/C-6": "UN General Assembly, Sixth Committee",
    "UNGA/SPC": "UN General Assembly, Special Political Committee",
    "UNGOMAP": "UN Good Offices Mission in Afghanistan and Pakistan",
    "UNHCR": "UN High Commissioner for Refugees",
    "UNICEF": "UN Children's Fund",
    "UNIDO": "UN Industrial Development Organization",
    "UNIDROIT": "International Institute for the Unification of Private Law",
    "UNIFIL": "UN Interim Force in Lebanon",
    "UNIKOM": "UN Iraq-Kuwait Observation Mission",
    "UNITA": "National Union for the Total Independence of Angola",
    "UNITAR": "UN Institute for Training and Research",
    "UNMEE": "UN Mission in Ethiopia and Eritrea",
    "UNMIBH": "UN Mission in Bosnia and Herzegovina",
    "UNMIK": "UN Interim Administration Mission in Kosovo",
    "UNMOGIP": "UN Military Observer Group in India and Pakistan",
    "UNMOP": "UN Mission of Observers in Prevlaka",
    "UNOMIG": "UN Observer Mission in Georgia",
    "UNPUOS": "UN Committee on the Peaceful Uses of Outer Space",
    "UNRWA": "UN Relief and Works Agency for Palestine Refugees",
    "UNSC": "UN Security Council",
    "UNSCEAR": "UN Scientific Committee on the Effects of Atomic Radiation",
    "UNTSO": "UN Truce Supervision Organization",
    "UPU": "Universal Postal Union",
    "USGS": "US Geological Survey",
    "USIS": "US Information Service",
    "USNRC": "US Nuclear Regulatory Commission",
    "USPS": "US Postal Service",
    "USSS": "US Secret Service",
    "USTR": "Office of the US Trade Representative",
    "USTTA": "US Travel and Tourism Administration",
    "VA": "Department of Veterans Affairs",
    "VFW": "Veterans of Foreign Wars",
    "VOA": "Voice of America",
    "WCC": "World Council of Churches",
    "WCL": "World Confederation of Labour",
    "WEU": "Western European Union",
    "WFP": "World Food Programme",
    "WFTU": "World Federation of Trade Unions",
    "WHO": "World Health Organization",
    "WILPF": "Women's International League for Peace and Freedom",
    "WIPO": "World Intellectual Property Organization",
    "WJC": "World Jewish Congress",
    "WMO": "World Meteorological Organization",
    "WTO": "World Trade Organization",
    "YPFB": "Bolivian State Oil Company (YPFB)",
    "ZANU": "Zimbabwe African National Union",
    "ZANU-PF": "Zimbabwe African National Union - Patriotic Front",
    "ZAPU": "Zimbabwe African People's Union",
}

#: Four-letter codes of the final build's tag list that are not subject tags, although their
#: shape says so: (kind, name). Source "hand-compiled".
FOUR_LETTER_KINDS: dict[str, tuple[str, str]] = {
    # organisations missing from organization-tags.txt
    "ACDA": ("organisation", "Arms Control and Disarmament Agency"),
    "APEC": ("organisation", "Asia-Pacific Economic Cooperation"),
    "CIDA": ("organisation", "Canadian International Development Agency"),
    "CSCE": ("organisation", "Conference on Security and Cooperation in Europe"),
    "DPKO": ("organisation", "UN Department of Peacekeeping Operations"),
    "DTRA": ("organisation", "Defense Threat Reduction Agency"),
    "IGAD": ("organisation", "Intergovernmental Authority on Development"),
    "ISAF": ("organisation", "International Security Assistance Force (Afghanistan)"),
    "IUCN": ("organisation", "International Union for Conservation of Nature"),
    "LTTE": ("organisation", "Liberation Tigers of Tamil Eelam"),
    "NCTC": ("organisation", "National Counterterrorism Center"),
    "OCHA": ("organisation", "UN Office for the Coordination of Humanitarian Affairs"),
    "OFDA": ("organisation", "Office of US Foreign Disaster Assistance"),
    "OPCW": ("organisation", "Organisation for the Prohibition of Chemical Weapons"),
    "OSAC": ("organisation", "Overseas Security Advisory Council"),
    "SACU": ("organisation", "Southern African Customs Union"),
    "SADC": ("organisation", "Southern African Development Community"),
    "USDA": ("organisation", "Department of Agriculture"),
    "USEU": ("organisation", "US Mission to the European Union"),
    "USUN": ("organisation", "US Mission to the United Nations"),
    # country names written out
    "CHAD": ("geographic", "Chad"),
    "CUBA": ("geographic", "Cuba"),
    "DPRK": ("geographic", "Korea (North)"),
    "GAZA": ("geographic", "Gaza Strip"),
    "GUAM": ("geographic", "Guam"),
    "IRAN": ("geographic", "Iran"),
    "IRAQ": ("geographic", "Iraq"),
    "LAOS": ("geographic", "Laos"),
    # given names and surnames (person tags split by a careless TAGS line)
    **{name: ("person", "") for name in (
        "BUSH", "CRUZ", "DIEZ", "GABY", "HYDE", "JEAN", "JOHN", "JOSE", "JUAN", "LARS", "LEON",
        "LOTT", "MATT", "MIKE", "PAUL", "RUIZ", "SAAD",
    )},
}

# --------------------------------------------------------------------------------------------
# Origins: country of each post and station overrides (hand-compiled).
# --------------------------------------------------------------------------------------------

#: Station tokens that differ from the origin name written without spaces; chosen as the
#: token most of the origin's cables use (alternatives in comments).
ORIGIN_STATIONS: dict[str, str] = {
    "American Institute Taiwan, Taipei": "AITTAIPEI",  # also TAIPEI (2,300 ids, 2004-10)
    "DIR FSINFATC": "FSINFATC",
    "Department of State": "WASHDC",  # 3 ids 2009-10: a guess from the counts
    "Iran RPO Dubai": "RPODUBAI",  # also IRANRPODUBAI (98 ids, 2006-08)
    "Mission Geneva": "GENEVA",
    "Mission UNESCO": "UNESCOPARISFR",  # also UNESCOPARIS (2 ids)
    "Mission USNATO": "USNATO",
    "Mission USOSCE": "USOSCE",
    "REO Basrah": "BASRAH",
    "REO Hillah": "HILLAH",
    "REO Kirkuk": "KIRKUK",
    "REO Mosul": "MOSUL",
    "Secretary of State": "STATE",
    "UN Rome": "UNROME",
    "UNVIE": "UNVIEVIENNA",
    "US Delegation FEST TWO": "FESTTWO",
    "US Delegation, Secretary": "",  # no station found (PARTO, 51 ids, is a candidate)
    "US Interests Section Havana": "HAVANA",
    "US Mission CD Geneva": "CDGENEVA",
    "US Mission Geneva": "GENEVA",
    "US OFFICE FSC CHARLESTON": "FSCCHARLESTON",
    "US Office Almaty": "ALMATY",
    "USEU Brussels": "USEUBRUSSELS",
    "USMISSION USTR GENEVA": "USTRGENEVA",
    "USUN New York": "USUNNEWYORK",
    # cities whose older spelling is also a station: Embassy Kyiv (also KIEV), Consulate
    # Kolkata (also CALCUTTA), Consulate Chennai (also MADRAS), Embassy Belmopan (also
    # BELIZE), Embassy Paris (also PARISFR): the name-derived token is the main one.
}

#: The country (or international body) each post belongs to in the "By origin" tree.
ORIGIN_COUNTRIES: dict[str, str] = {
    # missions, offices and Washington
    "American Institute Taiwan, Taipei": "Taiwan",
    "DIR FSINFATC": "United States",
    "Department of State": "United States",
    "Iran RPO Dubai": "Iran",
    "Mission Geneva": "United Nations (Geneva)",
    "Mission UNESCO": "UNESCO",
    "Mission USNATO": "NATO",
    "Mission USOSCE": "OSCE",
    "REO Basrah": "Iraq", "REO Hillah": "Iraq", "REO Kirkuk": "Iraq", "REO Mosul": "Iraq",
    "Secretary of State": "United States",
    "UN Rome": "United Nations (Rome)",
    "UNVIE": "United Nations (Vienna)",
    "US Delegation FEST TWO": "United States",
    "US Delegation, Secretary": "United States",
    "US Interests Section Havana": "Cuba",
    "US Mission CD Geneva": "United Nations (Geneva)",
    "US Mission Geneva": "United Nations (Geneva)",
    "US OFFICE FSC CHARLESTON": "United States",
    "US Office Almaty": "Kazakhstan",
    "USEU Brussels": "European Union",
    "USMISSION USTR GENEVA": "World Trade Organization",
    "USUN New York": "United Nations",
    # consulates
    "American Consulate Hyderabad": "India", "Consulate Adana": "Turkey",
    "Consulate Alexandria": "Egypt", "Consulate Amsterdam": "Netherlands",
    "Consulate Auckland": "New Zealand", "Consulate Barcelona": "Spain",
    "Consulate Belfast": "United Kingdom", "Consulate Calgary": "Canada",
    "Consulate Cape Town": "South Africa", "Consulate Casablanca": "Morocco",
    "Consulate Chengdu": "China", "Consulate Chennai": "India",
    "Consulate Chiang Mai": "Thailand", "Consulate Ciudad Juarez": "Mexico",
    "Consulate Curacao": "Netherlands Antilles", "Consulate Dhahran": "Saudi Arabia",
    "Consulate Dubai": "United Arab Emirates", "Consulate Durban": "South Africa",
    "Consulate Dusseldorf": "Germany", "Consulate Florence": "Italy",
    "Consulate Frankfurt": "Germany", "Consulate Fukuoka": "Japan",
    "Consulate Guadalajara": "Mexico", "Consulate Guangzhou": "China",
    "Consulate Guayaquil": "Ecuador", "Consulate Halifax": "Canada",
    "Consulate Hamburg": "Germany", "Consulate Hamilton": "Bermuda",
    "Consulate Hermosillo": "Mexico", "Consulate Ho Chi Minh City": "Vietnam",
    "Consulate Hong Kong": "Hong Kong", "Consulate Istanbul": "Turkey",
    "Consulate Izmir": "Turkey", "Consulate Jeddah": "Saudi Arabia",
    "Consulate Jerusalem": "Jerusalem", "Consulate Johannesburg": "South Africa",
    "Consulate Kaduna": "Nigeria", "Consulate Karachi": "Pakistan",
    "Consulate Kolkata": "India", "Consulate Krakow": "Poland", "Consulate Lagos": "Nigeria",
    "Consulate Lahore": "Pakistan", "Consulate Leipzig": "Germany",
    "Consulate Marseille": "France", "Consulate Matamoros": "Mexico",
    "Consulate Melbourne": "Australia", "Consulate Merida": "Mexico",
    "Consulate Milan": "Italy", "Consulate Monterrey": "Mexico",
    "Consulate Montreal": "Canada", "Consulate Mumbai": "India", "Consulate Munich": "Germany",
    "Consulate Nagoya": "Japan", "Consulate Naha": "Japan", "Consulate Naples": "Italy",
    "Consulate Nogales": "Mexico", "Consulate Nuevo Laredo": "Mexico",
    "Consulate Osaka Kobe": "Japan", "Consulate Perth": "Australia",
    "Consulate Peshawar": "Pakistan", "Consulate Ponta Delgada": "Portugal",
    "Consulate Quebec": "Canada", "Consulate Recife": "Brazil",
    "Consulate Rio De Janeiro": "Brazil", "Consulate Sao Paulo": "Brazil",
    "Consulate Sapporo": "Japan", "Consulate Shanghai": "China",
    "Consulate Shenyang": "China", "Consulate St Petersburg": "Russia",
    "Consulate Strasbourg": "France", "Consulate Surabaya": "Indonesia",
    "Consulate Sydney": "Australia", "Consulate Thessaloniki": "Greece",
    "Consulate Tijuana": "Mexico", "Consulate Toronto": "Canada",
    "Consulate Vancouver": "Canada", "Consulate Vladivostok": "Russia",
    "Consulate Yekaterinburg": "Russia",
    # embassies
    "Embasy Bonn": "Germany", "Embassy Abidjan": "Cote d'Ivoire",
    "Embassy Abu Dhabi": "United Arab Emirates", "Embassy Abuja": "Nigeria",
    "Embassy Accra": "Ghana", "Embassy Addis Ababa": "Ethiopia", "Embassy Algiers": "Algeria",
    "Embassy Amman": "Jordan", "Embassy Ankara": "Turkey",
    "Embassy Antananarivo": "Madagascar", "Embassy Apia": "Samoa",
    "Embassy Ashgabat": "Turkmenistan", "Embassy Asmara": "Eritrea",
    "Embassy Astana": "Kazakhstan", "Embassy Asuncion": "Paraguay", "Embassy Athens": "Greece",
    "Embassy Baghdad": "Iraq", "Embassy Baku": "Azerbaijan", "Embassy Bamako": "Mali",
    "Embassy Bandar Seri Begawan": "Brunei", "Embassy Bangkok": "Thailand",
    "Embassy Bangui": "Central African Republic", "Embassy Banjul": "Gambia",
    "Embassy Beijing": "China", "Embassy Beirut": "Lebanon", "Embassy Belgrade": "Serbia",
    "Embassy Belmopan": "Belize", "Embassy Berlin": "Germany", "Embassy Bern": "Switzerland",
    "Embassy Bishkek": "Kyrgyzstan", "Embassy Bogota": "Colombia",
    "Embassy Brasilia": "Brazil", "Embassy Bratislava": "Slovakia",
    "Embassy Brazzaville": "Congo (Brazzaville)", "Embassy Bridgetown": "Barbados",
    "Embassy Brussels": "Belgium", "Embassy Bucharest": "Romania",
    "Embassy Budapest": "Hungary", "Embassy Buenos Aires": "Argentina",
    "Embassy Bujumbura": "Burundi", "Embassy Cairo": "Egypt", "Embassy Canberra": "Australia",
    "Embassy Caracas": "Venezuela", "Embassy Chisinau": "Moldova",
    "Embassy Colombo": "Sri Lanka", "Embassy Conakry": "Guinea",
    "Embassy Copenhagen": "Denmark", "Embassy Cotonou": "Benin", "Embassy Dakar": "Senegal",
    "Embassy Damascus": "Syria", "Embassy Dar Es Salaam": "Tanzania",
    "Embassy Dhaka": "Bangladesh", "Embassy Dili": "Timor-Leste",
    "Embassy Djibouti": "Djibouti", "Embassy Doha": "Qatar", "Embassy Dublin": "Ireland",
    "Embassy Dushanbe": "Tajikistan", "Embassy Freetown": "Sierra Leone",
    "Embassy Gaborone": "Botswana", "Embassy Georgetown": "Guyana",
    "Embassy Grenada": "Grenada", "Embassy Guatemala": "Guatemala", "Embassy Hanoi": "Vietnam",
    "Embassy Harare": "Zimbabwe", "Embassy Helsinki": "Finland",
    "Embassy Islamabad": "Pakistan", "Embassy Jakarta": "Indonesia",
    "Embassy Kabul": "Afghanistan", "Embassy Kampala": "Uganda", "Embassy Kathmandu": "Nepal",
    "Embassy Khartoum": "Sudan", "Embassy Kigali": "Rwanda", "Embassy Kingston": "Jamaica",
    "Embassy Kinshasa": "Congo (Kinshasa)", "Embassy Kolonia": "Micronesia",
    "Embassy Koror": "Palau", "Embassy Kuala Lumpur": "Malaysia", "Embassy Kuwait": "Kuwait",
    "Embassy Kyiv": "Ukraine", "Embassy La Paz": "Bolivia", "Embassy Libreville": "Gabon",
    "Embassy Lilongwe": "Malawi", "Embassy Lima": "Peru", "Embassy Lisbon": "Portugal",
    "Embassy Ljubljana": "Slovenia", "Embassy Lome": "Togo",
    "Embassy London": "United Kingdom", "Embassy Luanda": "Angola", "Embassy Lusaka": "Zambia",
    "Embassy Luxembourg": "Luxembourg", "Embassy Madrid": "Spain",
    "Embassy Majuro": "Marshall Islands", "Embassy Malabo": "Equatorial Guinea",
    "Embassy Managua": "Nicaragua", "Embassy Manama": "Bahrain",
    "Embassy Manila": "Philippines", "Embassy Maputo": "Mozambique",
    "Embassy Maseru": "Lesotho", "Embassy Mbabane": "Swaziland", "Embassy Mexico": "Mexico",
    "Embassy Minsk": "Belarus", "Embassy Mogadishu": "Somalia", "Embassy Monrovia": "Liberia",
    "Embassy Montevideo": "Uruguay", "Embassy Moscow": "Russia", "Embassy Muscat": "Oman",
    "Embassy Nairobi": "Kenya", "Embassy Nassau": "Bahamas", "Embassy Ndjamena": "Chad",
    "Embassy New Delhi": "India", "Embassy Niamey": "Niger", "Embassy Nicosia": "Cyprus",
    "Embassy Nouakchott": "Mauritania", "Embassy Oslo": "Norway", "Embassy Ottawa": "Canada",
    "Embassy Ouagadougou": "Burkina Faso", "Embassy Panama": "Panama",
    "Embassy Paramaribo": "Suriname", "Embassy Paris": "France",
    "Embassy Phnom Penh": "Cambodia", "Embassy Podgorica": "Montenegro",
    "Embassy Port Au Prince": "Haiti", "Embassy Port Louis": "Mauritius",
    "Embassy Port Moresby": "Papua New Guinea", "Embassy Port Of Spain": "Trinidad and Tobago",
    "Embassy Prague": "Czech Republic", "Embassy Praia": "Cape Verde",
    "Embassy Pretoria": "South Africa", "Embassy Pristina": "Kosovo", "Embassy Quito": "Ecuador",
    "Embassy Rabat": "Morocco", "Embassy Rangoon": "Burma", "Embassy Reykjavik": "Iceland",
    "Embassy Riga": "Latvia", "Embassy Riyadh": "Saudi Arabia", "Embassy Rome": "Italy",
    "Embassy San Jose": "Costa Rica", "Embassy San Salvador": "El Salvador",
    "Embassy Sanaa": "Yemen", "Embassy Santiago": "Chile",
    "Embassy Santo Domingo": "Dominican Republic", "Embassy Sarajevo": "Bosnia and Herzegovina",
    "Embassy Seoul": "Korea (South)", "Embassy Singapore": "Singapore",
    "Embassy Skopje": "Macedonia", "Embassy Sofia": "Bulgaria", "Embassy Stockholm": "Sweden",
    "Embassy Suva": "Fiji", "Embassy Tallinn": "Estonia", "Embassy Tashkent": "Uzbekistan",
    "Embassy Tbilisi": "Georgia", "Embassy Tegucigalpa": "Honduras", "Embassy Tehran": "Iran",
    "Embassy Tel Aviv": "Israel", "Embassy The Hague": "Netherlands",
    "Embassy Tirana": "Albania", "Embassy Tokyo": "Japan", "Embassy Tripoli": "Libya",
    "Embassy Tunis": "Tunisia", "Embassy Ulaanbaatar": "Mongolia",
    "Embassy Valletta": "Malta", "Embassy Vatican": "Holy See", "Embassy Vienna": "Austria",
    "Embassy Vientiane": "Laos", "Embassy Vilnius": "Lithuania", "Embassy Warsaw": "Poland",
    "Embassy Wellington": "New Zealand", "Embassy Windhoek": "Namibia",
    "Embassy Yaounde": "Cameroon", "Embassy Yerevan": "Armenia", "Embassy Zagreb": "Croatia",
}

# --------------------------------------------------------------------------------------------

_ORIGIN_PREFIX = re.compile(r"^(?:Embassy|Embasy|Consulate|American Consulate)\s+")


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def read_release(cable2month: Path) -> ReleaseIds:
    with gzip.open(cable2month, "rt", encoding="utf-8", newline="") as handle:
        return ReleaseIds.from_rows((row[0], row[1]) for row in csv.reader(handle) if row)


def build_stations(release: ReleaseIds, origin_stations: set[str]) -> list[str]:
    """The real station tokens: every token of a well-formed id but the garbled ones."""
    garbled = garbled_stations(release, origin_stations)
    return sorted(s for s in release.counts if s not in garbled)


def build_core_codes(lists: Path, glossary: list[tuple[str, str, str, str]]) -> list[str]:
    """Codes a source other than the final build's noisy tag list vouches for: the subject
    and organisation lists, FIPS and State geographic codes, PlusD, the handbook titles, and
    the program (K) tags."""
    vocabulary = {code for code, _, kind, _ in glossary if kind in VOCABULARY_KINDS}
    plusd = json.loads((lists / "tags_names_observed_plusd.json").read_text("utf-8"))["tags"]
    core = set(read_lines(lists / "subject-tags.txt")) | set(read_lines(
        lists / "organization-tags.txt"))
    core |= set(FIPS_10_4) | set(GEO_USAGE) | set(plusd) | set(SUBJECT_TITLES)
    core |= set(PROGRAM_TITLES) | {c for c in vocabulary if len(c) == 4 and c.startswith("K")}
    core |= {code for code, (kind, _) in FOUR_LETTER_KINDS.items() if kind != "person"}
    return sorted(core & vocabulary)


_WORD = re.compile(r"[A-Za-z]{5,}")
_TAGS_LINE = re.compile(r"^\W*(?:TAGS?|TAS|TABS|TGS|TAGES|AGS)\b", re.I)


def _cable_texts(realdata: Path) -> Iterator[str]:
    html = realdata / "wikileaks_html"
    files = sorted(p for p in html.rglob("*.html")
                   if p.parent.parent.parent.name == "cable" or p.parent.parent == html)
    files += sorted((realdata / "cables_csv").glob("*.csv"))
    for path in files:
        for item in read_source(path):
            if isinstance(item, RawCable):
                yield item.subject_hint
                yield item.body


def build_known_words(realdata: Path, glossary: list[tuple[str, str, str, str]]) -> list[str]:
    """Words and names (five letters or more, upper case) met in the real cable texts
    outside TAGS lines, in the country names and in the glossary's names."""
    words: set[str] = set()
    for text in _cable_texts(realdata):
        for line in text.splitlines():
            if not _TAGS_LINE.match(line):
                words.update(w.upper() for w in _WORD.findall(line))
    for name in (*FIPS_10_4.values(), *GEO_USAGE.values(), *(row[1] for row in glossary)):
        words.update(w.upper() for w in _WORD.findall(name))
    return sorted(words)


def subject_name(code: str) -> str:
    title = SUBJECT_TITLES.get(code, "")
    field = SUBJECT_FIELDS.get(code[:1], "")
    return f"{field}--{title}" if title and field else title


def base_kind(code: str, organisations: set[str]) -> str:
    """The kind from the brief's rules: org list, then K-tags, 4-letter subjects, 2-letter
    geographic codes. A two-letter FIPS code stays geographic even if the org list has it
    (AL is Albania in TAGS lines, not the Arab League; BP is the Solomon Islands)."""
    if len(code) == 2 and code.isalpha() and code in FIPS_10_4:
        return "geographic"
    if code in organisations:
        return "organisation"
    if len(code) == 4 and code.isalpha() and code.isupper():
        return "program" if code.startswith("K") else "subject"
    if len(code) == 2 and code.isalpha() and code.isupper():
        return "geographic"
    return "other"


def build_glossary(lists: Path) -> list[tuple[str, str, str, str]]:
    subjects = read_lines(lists / "subject-tags.txt")
    organisations = set(read_lines(lists / "organization-tags.txt"))
    browse = json.loads((lists / "wikileaks_final_build_browse_lists.json").read_text("utf-8"))
    plusd = json.loads((lists / "tags_names_observed_plusd.json").read_text("utf-8"))["tags"]

    codes: set[str] = set(subjects) | organisations | set(FIPS_10_4) | set(plusd)
    codes |= {t for t in browse["tags"] if len(t) in (2, 4) and t.isalpha() and t.isupper()}

    rows: list[tuple[str, str, str, str]] = []
    for code in sorted(codes):
        kind = base_kind(code, organisations)
        name, source = "", ""
        if code in FOUR_LETTER_KINDS and code not in subjects:
            kind, name = FOUR_LETTER_KINDS[code]
            source = "hand-compiled" if name else ""
        elif kind == "geographic":
            if code in GEO_USAGE:
                name, source = GEO_USAGE[code], "hand-compiled"
            elif code in FIPS_10_4:
                name, source = FIPS_10_4[code], "fips-10-4"
        elif kind == "subject" and subject_name(code):
            name, source = subject_name(code), "tags-handbook"
        elif kind == "program" and code in PROGRAM_TITLES:
            name, source = PROGRAM_TITLES[code], "tags-handbook"
        elif kind == "organisation" and code in ORGANISATION_NAMES:
            name, source = ORGANISATION_NAMES[code], "hand-compiled"
        if code in plusd:
            name, source = plusd[code]["name"], "plusd-observed"
        assert kind in TAG_KINDS, (code, kind)
        rows.append((code, name, kind, source))
    return rows


def build_origins(lists: Path, stations: set[str]) -> list[tuple[str, str, str, str]]:
    browse = json.loads((lists / "wikileaks_final_build_browse_lists.json").read_text("utf-8"))
    rows: list[tuple[str, str, str, str]] = []
    for entry in browse["origins"]:
        name = entry["name"]
        group = infer_origin_group(name)
        assert group in ORIGIN_GROUPS, (name, group)
        if name in ORIGIN_STATIONS:
            station = ORIGIN_STATIONS[name]
        else:
            station = re.sub(r"[^A-Za-z]", "", _ORIGIN_PREFIX.sub("", name)).upper()
        if station not in stations:
            station = ""
        rows.append((name, group, ORIGIN_COUNTRIES.get(name, ""), station))
    return sorted(rows)


def _csv_text(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def build(realdata: Path, out: Path) -> dict[str, int]:
    """Write the data files; return row counts for a summary."""
    lists = realdata / "reference_lists"
    release = read_release(lists / "cable2month.csv.gz")
    glossary = build_glossary(lists)
    every_token = set(release.counts)
    origin_stations = {row[3] for row in build_origins(lists, every_token) if row[3]}
    stations = build_stations(release, origin_stations)
    origins = build_origins(lists, set(stations))
    vocabulary = sorted(code for code, _, kind, _ in glossary if kind in VOCABULARY_KINDS)
    aliases = malformed_aliases(release, set(stations))

    out.mkdir(parents=True, exist_ok=True)
    files = {
        "tag_glossary.csv": _csv_text(("code", "name", "kind", "source"), glossary),
        "origins.csv": _csv_text(("origin", "group", "country", "station"), origins),
        "stations.txt": "".join(f"{s}\n" for s in stations),
        "tag_vocabulary.txt": "".join(f"{c}\n" for c in vocabulary),
        "tag_core.txt": "".join(f"{c}\n" for c in build_core_codes(lists, glossary)),
        "known_words.txt": "".join(f"{w}\n" for w in build_known_words(realdata, glossary)),
        "refid_aliases.csv": _csv_text(("published", "canonical", "kind"), aliases),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
    shutil.copyfile(lists / "cable2month.csv.gz", out / "cable2month.csv.gz")
    counts = {f"kind:{k}": sum(1 for row in glossary if row[2] == k) for k in TAG_KINDS}
    counts["glossary"] = len(glossary)
    counts["named"] = sum(1 for row in glossary if row[1])
    counts["geographic named"] = sum(1 for r in glossary if r[2] == "geographic" and r[1])
    counts["vocabulary"] = len(vocabulary)
    counts["stations"] = len(stations)
    counts["garbled station tokens left out"] = len(every_token) - len(stations)
    counts["malformed ids: twins"] = sum(1 for row in aliases if row[2] == "twin")
    counts["malformed ids: corrected"] = sum(1 for row in aliases if row[2] == "corrected")
    counts["origins"] = len(origins)
    counts["origins without station"] = sum(1 for row in origins if not row[3])
    return counts


def default_realdata() -> Path:
    shared = ROOT.parent / "shared" / "realdata"
    return shared if shared.is_dir() else ROOT / "tests" / "fixtures" / "realdata"


def main(argv: list[str]) -> None:
    realdata = Path(argv[1]) if len(argv) > 1 else default_realdata()
    out = Path(argv[2]) if len(argv) > 2 else ROOT / "resources" / "data"
    for key, value in build(realdata, out).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main(sys.argv)
