"""The canonical keys and names of the states of both countries, and their aliases.

This is the one table every join on names goes through (see :mod:`geo.names`). Codes are
the US Census FIPS and USPS codes and INEGI's Marco Geoestadístico ``CVE_ENT``.
"""

# (fips, usps, name); Puerto Rico is kept for completeness and flagged as a territory.
US_STATES: tuple[tuple[str, str, str], ...] = (
    ("01", "AL", "Alabama"),
    ("02", "AK", "Alaska"),
    ("04", "AZ", "Arizona"),
    ("05", "AR", "Arkansas"),
    ("06", "CA", "California"),
    ("08", "CO", "Colorado"),
    ("09", "CT", "Connecticut"),
    ("10", "DE", "Delaware"),
    ("11", "DC", "District of Columbia"),
    ("12", "FL", "Florida"),
    ("13", "GA", "Georgia"),
    ("15", "HI", "Hawaii"),
    ("16", "ID", "Idaho"),
    ("17", "IL", "Illinois"),
    ("18", "IN", "Indiana"),
    ("19", "IA", "Iowa"),
    ("20", "KS", "Kansas"),
    ("21", "KY", "Kentucky"),
    ("22", "LA", "Louisiana"),
    ("23", "ME", "Maine"),
    ("24", "MD", "Maryland"),
    ("25", "MA", "Massachusetts"),
    ("26", "MI", "Michigan"),
    ("27", "MN", "Minnesota"),
    ("28", "MS", "Mississippi"),
    ("29", "MO", "Missouri"),
    ("30", "MT", "Montana"),
    ("31", "NE", "Nebraska"),
    ("32", "NV", "Nevada"),
    ("33", "NH", "New Hampshire"),
    ("34", "NJ", "New Jersey"),
    ("35", "NM", "New Mexico"),
    ("36", "NY", "New York"),
    ("37", "NC", "North Carolina"),
    ("38", "ND", "North Dakota"),
    ("39", "OH", "Ohio"),
    ("40", "OK", "Oklahoma"),
    ("41", "OR", "Oregon"),
    ("42", "PA", "Pennsylvania"),
    ("44", "RI", "Rhode Island"),
    ("45", "SC", "South Carolina"),
    ("46", "SD", "South Dakota"),
    ("47", "TN", "Tennessee"),
    ("48", "TX", "Texas"),
    ("49", "UT", "Utah"),
    ("50", "VT", "Vermont"),
    ("51", "VA", "Virginia"),
    ("53", "WA", "Washington"),
    ("54", "WV", "West Virginia"),
    ("55", "WI", "Wisconsin"),
    ("56", "WY", "Wyoming"),
    ("72", "PR", "Puerto Rico"),
)

US_TERRITORIES = frozenset({"PR"})

# (cve_ent, common name, official name in the Marco Geoestadístico, usual abbreviation)
MX_STATES: tuple[tuple[str, str, str, str], ...] = (
    ("01", "Aguascalientes", "Aguascalientes", "AGS"),
    ("02", "Baja California", "Baja California", "BC"),
    ("03", "Baja California Sur", "Baja California Sur", "BCS"),
    ("04", "Campeche", "Campeche", "CAMP"),
    ("05", "Coahuila", "Coahuila de Zaragoza", "COAH"),
    ("06", "Colima", "Colima", "COL"),
    ("07", "Chiapas", "Chiapas", "CHIS"),
    ("08", "Chihuahua", "Chihuahua", "CHIH"),
    ("09", "Ciudad de México", "Ciudad de México", "CDMX"),
    ("10", "Durango", "Durango", "DGO"),
    ("11", "Guanajuato", "Guanajuato", "GTO"),
    ("12", "Guerrero", "Guerrero", "GRO"),
    ("13", "Hidalgo", "Hidalgo", "HGO"),
    ("14", "Jalisco", "Jalisco", "JAL"),
    ("15", "México", "México", "MEX"),
    ("16", "Michoacán", "Michoacán de Ocampo", "MICH"),
    ("17", "Morelos", "Morelos", "MOR"),
    ("18", "Nayarit", "Nayarit", "NAY"),
    ("19", "Nuevo León", "Nuevo León", "NL"),
    ("20", "Oaxaca", "Oaxaca", "OAX"),
    ("21", "Puebla", "Puebla", "PUE"),
    ("22", "Querétaro", "Querétaro", "QRO"),
    ("23", "Quintana Roo", "Quintana Roo", "QROO"),
    ("24", "San Luis Potosí", "San Luis Potosí", "SLP"),
    ("25", "Sinaloa", "Sinaloa", "SIN"),
    ("26", "Sonora", "Sonora", "SON"),
    ("27", "Tabasco", "Tabasco", "TAB"),
    ("28", "Tamaulipas", "Tamaulipas", "TAMPS"),
    ("29", "Tlaxcala", "Tlaxcala", "TLAX"),
    ("30", "Veracruz", "Veracruz de Ignacio de la Llave", "VER"),
    ("31", "Yucatán", "Yucatán", "YUC"),
    ("32", "Zacatecas", "Zacatecas", "ZAC"),
)

# Other spellings met in real tables, keyed by the canonical code. Codes, names and official
# names above are recognised without being listed here.
# Spanish names of the states whose name differs in Spanish (as Mexican government and press
# tables write them): maps in Spanish show them, and the name matcher knows them.
US_NAMES_ES: dict[str, str] = {
    "DC": "Distrito de Columbia",
    "HI": "Hawái",
    "LA": "Luisiana",
    "MI": "Míchigan",
    "MS": "Misisipi",
    "NC": "Carolina del Norte",
    "ND": "Dakota del Norte",
    "NH": "Nuevo Hampshire",
    "NJ": "Nueva Jersey",
    "NM": "Nuevo México",
    "NY": "Nueva York",
    "OR": "Oregón",
    "PA": "Pensilvania",
    "SC": "Carolina del Sur",
    "SD": "Dakota del Sur",
    "WV": "Virginia Occidental",
}

_US_OTHER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "DC": ("Washington DC", "Washington, D.C.", "D.C.", "Washington D.C."),
    "HI": ("Hawai\u02bbi",),
    "PR": ("Puerto Rico, Commonwealth of",),
}
US_ALIASES: dict[str, tuple[str, ...]] = {
    usps: _US_OTHER_SPELLINGS.get(usps, ()) + ((US_NAMES_ES[usps],) if usps in US_NAMES_ES else ())
    for usps in sorted(set(_US_OTHER_SPELLINGS) | set(US_NAMES_ES))
}

MX_ALIASES: dict[str, tuple[str, ...]] = {
    "02": ("Baja California Norte",),
    "09": ("CDMX", "Distrito Federal", "DF", "D.F.", "Mexico City", "Ciudad de Mexico"),
    "15": ("Estado de México", "Edo. de México", "Edomex", "Edo. Méx.", "State of Mexico"),
    "16": ("Michoacan",),
    "19": ("N.L.",),
    "22": ("Querétaro de Arteaga", "Queretaro de Arteaga"),
    "23": ("Q. Roo",),
    "30": ("Veracruz-Llave", "Veracruz Llave"),
}

# The crossings the package maps: BTS "Measure" names and the column each becomes.
PORT_MEASURES = {
    "Personal Vehicles": "personal_vehicles",
    "Personal Vehicle Passengers": "personal_vehicle_passengers",
    "Pedestrians": "pedestrians",
    "Trucks": "trucks",
    "Buses": "buses",
    "Trains": "trains",
}

# Giffords Law Center letter grades, strongest laws first.
GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")
