"""Every text a map shows, in English and Spanish."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LANGUAGES = ("en", "es")

Run = tuple[str, str]
"""A run of text and its style: ("", plain), ("b", bold), ("u", underlined), ("small", ...)."""
Line = list[Run]
"""A line of runs; tooltips, popups and labels are lists of lines."""

TEXT: dict[str, dict[str, str]] = {
    "no_data": {"en": "No data", "es": "Sin datos"},
    "not_graded": {"en": "Not graded", "es": "Sin calificación"},
    "sources": {"en": "Sources", "es": "Fuentes"},
    "and": {"en": "and", "es": "y"},
    "data_tables": {"en": "Data tables", "es": "Tablas de datos"},
    "context": {"en": "The national picture", "es": "El panorama nacional"},
    "years_shown": {"en": "Years on this map", "es": "Años en este mapa"},
    "back_to_map": {"en": "Back to the map", "es": "Volver al mapa"},
    "figure": {"en": "Figure", "es": "Cifra"},
    "value": {"en": "Value", "es": "Valor"},
    "period": {"en": "Period", "es": "Periodo"},
    "context_note": {
        "en": "National figures from the sources named; each counts what its definition says, "
        "and estimates are labelled as such.",
        "es": "Cifras nacionales de las fuentes citadas; cada una cuenta lo que dice su "
        "definición, y las estimaciones se señalan como tales.",
    },
    "us_gun_laws": {"en": "US gun-law strength", "es": "Fuerza de las leyes de armas (EE. UU.)"},
    "us_dealers": {
        "en": "US gun dealers per 100,000 residents",
        "es": "Armerías en EE. UU. por 100\u202f000 habitantes",
    },
    "ports": {"en": "Land ports of entry", "es": "Puertos fronterizos terrestres"},
    "mx_homicides": {
        "en": "Mexico: homicides per 100,000 inhabitants",
        "es": "México: homicidios por 100\u202f000 habitantes",
    },
    "border": {"en": "US-Mexico border", "es": "Frontera México-Estados Unidos"},
    "bands": {"en": "Border bands", "es": "Franjas fronterizas"},
    "band": {"en": "{km} km from the border", "es": "{km} km de la frontera"},
    "grade": {"en": "Grade", "es": "Calificación"},
    "rank_short": {"en": "#", "es": "#"},
    "grade_groups": {
        "en": "A = A+, A, A-; B = B+, B, B-; ...",
        "es": "A = A+, A, A-; B = B+, B, B-; ...",
    },
    "rank": {"en": "rank {rank} of 50", "es": "lugar {rank} de 50"},
    "grade_a": {"en": "A: strongest laws", "es": "A: leyes más estrictas"},
    "grade_f": {"en": "F: weakest laws", "es": "F: leyes más débiles"},
    "licensees": {"en": "licensees", "es": "licenciatarios"},
    "per_100k": {"en": "per 100,000 residents", "es": "por 100\u202f000 habitantes"},
    "homicides": {"en": "homicides", "es": "homicidios"},
    "rate": {"en": "per 100,000 inhabitants", "es": "por 100\u202f000 habitantes"},
    "year": {"en": "Year", "es": "Año"},
    "edition": {"en": "{year} edition", "es": "edición {year}"},
    "source": {"en": "Source", "es": "Fuente"},
    "port": {"en": "Port", "es": "Puerto"},
    "sister_city": {"en": "Across the border", "es": "Del otro lado"},
    "mx_state": {"en": "Mexican state", "es": "Estado mexicano"},
    "us_state": {"en": "US state", "es": "Estado de EE. UU."},
    "state": {"en": "State", "es": "Estado"},
    "crossings": {"en": "Inbound crossings, {period}", "es": "Cruces hacia EE. UU., {period}"},
    "personal_vehicles": {"en": "Personal vehicles", "es": "Vehículos particulares"},
    "personal_vehicle_passengers": {
        "en": "Passengers in personal vehicles",
        "es": "Pasajeros en vehículos particulares",
    },
    "pedestrians": {"en": "Pedestrians", "es": "Peatones"},
    "trucks": {"en": "Trucks", "es": "Camiones"},
    "buses": {"en": "Buses", "es": "Autobuses"},
    "trains": {"en": "Trains", "es": "Trenes"},
    "marker_sized": {
        "en": "Circle area: {measure}, {period}",
        "es": "Área del círculo: {measure}, {period}",
    },
    "marker_equal": {
        "en": "Ports drawn alike: no port has a figure for {measure}, {period}",
        "es": "Puertos iguales: ningún puerto tiene cifra de {measure}, {period}",
    },
    "no_figure": {"en": "No figure for the year", "es": "Sin cifra para el año"},
    "traced_firearms": {"en": "Traced firearms", "es": "Armas rastreadas"},
    "event_2004": {
        "en": "Federal assault weapons ban expires",
        "es": "Expira la prohibición federal de armas de asalto",
    },
    "event_2020": {
        "en": "COVID-19 travel restrictions",
        "es": "Restricciones de viaje por COVID-19",
    },
    "crossings_chart": {
        "en": "Inbound crossings at the busiest ports, {period}",
        "es": "Cruces hacia EE. UU. en los puertos más transitados, {period}",
    },
    "millions": {"en": "millions a year", "es": "millones al año"},
    "gaps": {
        "en": "Gaps: no complete year for that port.",
        "es": "Huecos: sin año completo para ese puerto.",
    },
    "events": {"en": "Events", "es": "Sucesos"},
    "zeros": {
        "en": "Open circles: a year of 0 as BTS publishes it.",
        "es": "Círculos abiertos: un año en 0 tal como lo publica BTS.",
    },
    "none_reported": {"en": "none reported", "es": "ninguno registrado"},
    "class_breaks": {"en": "classes: {scheme}", "es": "clases: {scheme}"},
    "dealer_note": {
        "en": "Licence types 01, 02, 07, 08: dealers, pawnbrokers, manufacturers and importers "
        "(collectors excluded)",
        "es": "Licencias 01, 02, 07, 08: comerciantes, casas de empeño, fabricantes e "
        "importadores (sin coleccionistas)",
    },
    "homicide_note": {
        "en": "Victims of intentional homicide and femicide in prosecutors' investigations",
        "es": "Víctimas de homicidio doloso y feminicidio en carpetas de investigación",
    },
    "lower_bound": {
        "en": "firearm share is a lower bound",
        "es": "la proporción con arma de fuego es un mínimo",
    },
    "firearm_share": {"en": "by firearm", "es": "con arma de fuego"},
    "boundaries_credit": {
        "en": "boundaries: U.S. Census Bureau, INEGI; places: GeoNames",
        "es": "límites: U.S. Census Bureau, INEGI; lugares: GeoNames",
    },
    "fixed_breaks": {
        "en": "classes fixed across all years shown ({scheme})",
        "es": "clases iguales en todos los años ({scheme})",
    },
    "mx_change": {
        "en": "Mexico: change in homicides per 100,000, {start} to {end}",
        "es": "México: cambio en homicidios por 100\u202f000, {start} a {end}",
    },
    "change_note": {
        "en": "Rate in the later year minus rate in the earlier year",
        "es": "Tasa del año final menos tasa del año inicial",
    },
    "change_le_m10": {"en": "\u2264 -10", "es": "\u2264 -10"},
    "change_m10_m2": {"en": "-10 \u2013 -2", "es": "-10 \u2013 -2"},
    "little_change": {"en": "-2 \u2013 2 (little change)", "es": "-2 \u2013 2 (poco cambio)"},
    "change_2_10": {"en": "2 \u2013 10", "es": "2 \u2013 10"},
    "change_10_25": {"en": "10 \u2013 25", "es": "10 \u2013 25"},
    "change_gt_25": {"en": "> 25", "es": "> 25"},
    "grade_change": {
        "en": "US gun-law grade change, {start} to {end} editions",
        "es": "Cambio de calificación de leyes de armas, ediciones {start} a {end}",
    },
    "grade_change_note": {
        "en": "Steps on the scale A+, A, A-, ... F; positive: stronger laws",
        "es": "Escalones en la escala A+, A, A-, ... F; positivo: leyes más estrictas",
    },
    "steps_m2": {"en": "weaker by 2 or more", "es": "más débiles: 2 escalones o más"},
    "steps_m1": {"en": "weaker by 1", "es": "más débiles: 1 escalón"},
    "steps_0": {"en": "no change", "es": "sin cambio"},
    "steps_p12": {"en": "stronger by 1-2", "es": "más estrictas: 1-2 escalones"},
    "steps_p35": {"en": "stronger by 3-5", "es": "más estrictas: 3-5 escalones"},
    "steps_p6": {"en": "stronger by 6 or more", "es": "más estrictas: 6 escalones o más"},
    "us_gun_laws_change": {
        "en": "US gun-law grade change",
        "es": "Cambio de calificación (EE. UU.)",
    },
    "mx_homicides_change": {
        "en": "Mexico: change in homicide rate",
        "es": "México: cambio en la tasa de homicidios",
    },
    "year_homicides": {"en": "Homicides in Mexico, year", "es": "Homicidios en México, año"},
    "year_ports": {"en": "Crossings at the ports, year", "es": "Cruces en los puertos, año"},
    "year_grades": {"en": "Giffords scorecard, edition", "es": "Calificación Giffords, edición"},
    "year_dealers": {"en": "US gun dealers, year", "es": "Armerías en EE. UU., año"},
    "year_county_dealers": {
        "en": "Gun dealers by county, year",
        "es": "Armerías por condado, año",
    },
    "us_county_dealers": {
        "en": "US counties: gun dealers per 1,000 km²",
        "es": "Condados de EE. UU.: armerías por 1000 km²",
    },
    "county_dealer_note": {
        "en": "Licence types 01, 02, 07, 08 by ATF county code, per 1,000 km² of county area",
        "es": "Licencias 01, 02, 07, 08 por clave de condado de la ATF, por 1000 km² de superficie",
    },
    "mx_municipal_homicides": {
        "en": "Mexico: homicides per 100,000 by municipio",
        "es": "México: homicidios por 100\u202f000 habitantes por municipio",
    },
    "municipal_note": {
        "en": "Death certificates (INEGI) by municipio of occurrence; 2020 census population",
        "es": "Certificados de defunción (INEGI) por municipio de ocurrencia; población del "
        "Censo 2020",
    },
    "per_1000km2": {"en": "per 1,000 km²", "es": "por 1000 km²"},
    "county": {"en": "County", "es": "Condado"},
    "municipio": {"en": "Municipio", "es": "Municipio"},
    "homicides_a_year": {
        "en": "homicides a year ({period} mean)",
        "es": "homicidios al año (promedio {period})",
    },
    "consulates": {"en": "Mexican consulates", "es": "Consulados de México"},
    "consulate": {"en": "Consulate", "es": "Consulado"},
    "this_office": {"en": "This consulate", "es": "Este consulado"},
    "nearest_ports": {"en": "Nearest ports of entry", "es": "Puertos más cercanos"},
    "border_distance": {
        "en": "State's distance to the border",
        "es": "Distancia del estado a la frontera",
    },
    "trace_flows": {
        "en": "Where traced guns were bought, 2022-2023",
        "es": "Dónde se compraron las armas rastreadas, 2022-2023",
    },
    "traced": {
        "en": "guns recovered in Mexico and traced to a purchase in this state",
        "es": "armas recuperadas en México y rastreadas a una compra en este estado",
    },
    "trace_caveat": {
        "en": "Arrows show origin and destination, not routes; traces are not a random sample "
        "(ATF). Only TX, AZ and CA have published counts.",
        "es": "Las flechas muestran origen y destino, no rutas; los rastreos no son una muestra "
        "aleatoria (ATF). Solo TX, AZ y CA tienen cifras publicadas.",
    },
    "brief_title": {
        "en": "Consulate of Mexico in {office}",
        "es": "Consulado de México en {office}",
    },
    "jurisdiction": {"en": "Jurisdiction", "es": "Circunscripción"},
    # the reference's free text (what its sources say, with the compiler's remarks), in
    # English: said so on a Spanish page
    "jurisdiction_quoted": {
        "en": "Jurisdiction (note of the sources table)",
        "es": "Circunscripción (nota de la tabla de fuentes, en inglés)",
    },
    # a consulate's district, outlined where the sources name its states or counties
    "this_jurisdiction": {
        "en": "This consulate's jurisdiction",
        "es": "Circunscripción de este consulado",
    },
    "jurisdiction_whole": {"en": "Jurisdiction ({date})", "es": "Circunscripción ({date})"},
    "jurisdiction_part": {
        "en": "Part of the jurisdiction ({date})",
        "es": "Parte de la circunscripción ({date})",
    },
    "as_of_date": {"en": "as of {date}", "es": "datos de {date}"},
    "undated": {"en": "date not given", "es": "sin fecha"},
    "counties_of": {"en": "{n} counties of {state}", "es": "{n} condados de {state}"},
    "counties_named": {"en": "{names} counties ({usps})", "es": "condados de {names} ({usps})"},
    "county_named": {"en": "{names} County ({usps})", "es": "condado de {names} ({usps})"},
    "outlined_whole": {
        "en": "Outlined: {units}, the whole jurisdiction ({date})",
        "es": "Contorno: {units}, toda la circunscripción ({date})",
    },
    "outlined_part": {
        "en": "Outlined: {units}, part of the jurisdiction ({date})",
        "es": "Contorno: {units}, parte de la circunscripción ({date})",
    },
    "not_outlined": {
        "en": "Not outlined on the map: the sources name no complete district",
        "es": "Sin contorno en el mapa: las fuentes no nombran un distrito completo",
    },
    "title": {
        "en": "The iron river: where guns are bought, where they cross, where they kill",
        "es": "El río de hierro: dónde se compran las armas, por dónde cruzan, dónde matan",
    },
    # consulate placement
    "distance_km": {"en": "{km} km", "es": "{km} km"},
    "distance_about": {"en": "about {km} km", "es": "unos {km} km"},
    "distance_under": {"en": "under {km} km", "es": "menos de {km} km"},
    "placed_zip": {
        "en": "Placed at ZIP code {zip}'s point, not the door (within about {km} km)",
        "es": "Ubicado en el punto del código postal {zip}, no en la puerta (a unos {km} km o "
        "menos)",
    },
    "placed_city": {
        "en": "No ZIP code found: placed at its city's median ZIP point (within about {km} km)",
        "es": "Sin código postal: ubicado en la mediana de los códigos postales de su ciudad (a "
        "unos {km} km o menos)",
    },
    "ports_from_zip": {"en": "from ZIP code {zip}", "es": "desde el código postal {zip}"},
    "ports_from_city": {"en": "from the city", "es": "desde la ciudad"},
    # trace-source cities
    "trace_source_cities": {
        "en": "Traced guns by place of sale, 2015-2022",
        "es": "Venta de armas rastreadas, 2015-2022",
    },
    "trace_cities_caveat": {
        "en": "Recovered in Mexico and Central America; place of sale, not route; not a random "
        "sample of crime guns. The places overlap (Tucson is in Pima County).",
        "es": "Armas recuperadas en México y Centroamérica; lugar de venta, no ruta; no son una "
        "muestra aleatoria. Se superponen: Tucson está en el condado de Pima.",
    },
    "trace_cities_caption": {
        "en": "Guns recovered in Mexico and Central America traced to a sale, by city or "
        "county, {period} (the places overlap: do not add up)",
        "es": "Armas recuperadas en México y Centroamérica rastreadas hasta una venta, por "
        "ciudad o condado, {period} (los lugares se superponen: no sumar)",
    },
    "trace_place": {"en": "Place", "es": "Lugar"},
    "trace_kind": {"en": "City or county", "es": "Ciudad o condado"},
    "trace_city": {"en": "City", "es": "Ciudad"},
    "trace_overlaps": {"en": "Overlaps with", "es": "Se superpone con"},
    "trace_count": {
        "en": "{count} traced firearms, {period}",
        "es": "{count} armas rastreadas, {period}",
    },
    "trace_counts_city": {
        "en": "Recovered in Mexico, Guatemala, El Salvador or Honduras and traced by ATF to a "
        "retail sale by gun dealers in this city",
        "es": "Recuperadas en México, Guatemala, El Salvador u Honduras y rastreadas por la ATF "
        "hasta una venta de armerías de esta ciudad",
    },
    "trace_counts_county": {
        "en": "Recovered in Mexico, Guatemala, El Salvador or Honduras and traced by ATF to a "
        "retail sale by gun stores in this county",
        "es": "Recuperadas en México, Guatemala, El Salvador u Honduras y rastreadas por la ATF "
        "hasta una venta de armerías de este condado",
    },
    "trace_overlap": {
        "en": "Overlaps with {places}: the figures must not be added up",
        "es": "Se superpone con {places}: las cifras no deben sumarse",
    },
    "trace_origin": {
        "en": "Where the guns were bought, not the route they took. Traces are not a random "
        "sample of crime guns (ATF).",
        "es": "Dónde se compraron las armas, no la ruta que siguieron. Los rastreos no son una "
        "muestra aleatoria de las armas usadas en delitos (ATF).",
    },
    "trace_placed_city": {
        "en": "Drawn at the median of the city's ZIP code points (GeoNames, CC BY 4.0)",
        "es": "Dibujada en la mediana de los puntos de sus códigos postales (GeoNames, CC BY 4.0)",
    },
    "trace_placed_county": {
        "en": "Drawn at a point inside the county, not at a city",
        "es": "Dibujado en un punto dentro del condado, no en una ciudad",
    },
    # spillover and border distances
    "spill_ca": {
        "en": "Nearest port in California",
        "es": "Puerto más cercano en California",
    },
    "spill_tx_az_nm": {
        "en": "Nearest port in Texas, Arizona or New Mexico",
        "es": "Puerto más cercano en Texas, Arizona o Nuevo México",
    },
    "spill_count": {"en": "{label} ({n} municipios)", "es": "{label} ({n} municipios)"},
    "spill_count_one": {"en": "{label} (1 municipio)", "es": "{label} (1 municipio)"},
    "spill_title": {
        "en": "Homicides in Mexican municipios within {km} km of the US border, {period}",
        "es": "Homicidios en municipios de México a {km} km o menos de la frontera, {period}",
    },
    "spill_subtitle": {
        "en": "Homicides on death certificates, by municipio and year of occurrence; "
        "municipios grouped by the US state of their nearest port of entry",
        "es": "Homicidios en certificados de defunción, por municipio y año de ocurrencia; "
        "municipios agrupados por el estado de EE. UU. de su puerto de entrada más cercano",
    },
    "spill_axis": {"en": "homicides a year", "es": "homicidios al año"},
    "spill_raw": {
        "en": "A raw comparison of counts, not the estimate of Dube, Dube & García-Ponce "
        "(2013), who compare these municipios by regression with controls. California kept "
        "its own state ban on assault weapons after 2004.",
        "es": "Una comparación simple de conteos, no la estimación de Dube, Dube y "
        "García-Ponce (2013), que comparan estos municipios con una regresión con controles. "
        "California mantuvo su propia prohibición estatal de armas de asalto después de 2004.",
    },
    "spill_credit": {
        "en": "Gargiulo, Aburto & Floridi (2023), DOI 10.17605/OSF.IO/U8DC3, from INEGI death "
        "certificates, CC BY 4.0",
        "es": "Gargiulo, Aburto y Floridi (2023), DOI 10.17605/OSF.IO/U8DC3, con certificados "
        "de defunción del INEGI, CC BY 4.0",
    },
    "spill_excluded": {
        "en": "Not placed (no polygon): {names}, {n} homicides in {years}.",
        "es": "Sin ubicar (sin polígono): {names}, {n} homicidios en {years}.",
    },
    "spill_design": {"en": "Design", "es": "Diseño"},
    # national context
    "ctx_traced": {
        "en": "Crime guns traced to a US source",
        "es": "Armas rastreadas a una fuente en EE. UU.",
    },
    "ctx_ffl_all": {
        "en": "Active federal firearms licensees, all types",
        "es": "Licenciatarios federales de armas activos, todos los tipos",
    },
    "ctx_ffl_dealing": {
        "en": "Licensees allowed to deal in firearms",
        "es": "Licenciatarios autorizados a comerciar armas",
    },
    "ctx_inegi_homicides": {
        "en": "Homicides in Mexico (death certificates, INEGI)",
        "es": "Homicidios en México (certificados de defunción, INEGI)",
    },
    "ctx_inegi_share": {
        "en": "Homicides committed with a firearm (INEGI)",
        "es": "Homicidios cometidos con arma de fuego (INEGI)",
    },
    "ctx_sesnsp_share": {
        "en": "Intentional-homicide victims killed with a firearm (SESNSP)",
        "es": "Víctimas de homicidio doloso por arma de fuego (SESNSP)",
    },
    "ctx_share_counts": {"en": "{pct} ({num} of {den})", "es": "{pct} ({num} de {den})"},
    "ctx_share_homicides": {"en": "{pct} of {den} homicides", "es": "{pct} de {den} homicidios"},
    "ctx_share_victims": {"en": "{pct} of {den} victims", "es": "{pct} de {den} víctimas"},
    "ctx_firearms": {"en": "{n} firearms", "es": "{n} armas de fuego"},
    "ctx_firearms_per_year": {"en": "{n} firearms a year", "es": "{n} armas de fuego al año"},
    "ctx_licensees": {"en": "{n} licensees", "es": "{n} licenciatarios"},
    "ctx_homicides": {"en": "{n} homicides", "es": "{n} homicidios"},
    "ctx_estimate": {
        "en": "about {value} (estimate)",
        "es": "alrededor de {value} (estimación)",
    },
    "ctx_preliminary": {"en": "{value} (preliminary)", "es": "{value} (cifra preliminar)"},
    "ctx_fiscal_year": {"en": "FY{year}", "es": "año fiscal {year}"},
    "ctx_chart_title": {
        "en": "Homicides in Mexico, {period}: two national counts",
        "es": "Homicidios en México, {period}: dos conteos nacionales",
    },
    "ctx_chart_subtitle": {
        "en": "Homicides a year, and the share committed with a firearm, as INEGI and SESNSP "
        "count them",
        "es": "Homicidios al año y proporción cometida con arma de fuego, según los cuentan el "
        "INEGI y el SESNSP",
    },
    "ctx_panel_homicides": {"en": "Homicides a year", "es": "Homicidios al año"},
    "ctx_panel_share": {
        "en": "Share committed with a firearm",
        "es": "Proporción con arma de fuego",
    },
    "ctx_series_inegi": {
        "en": "INEGI: deaths registered as homicides (death certificates)",
        "es": "INEGI: defunciones por homicidio (certificados de defunción)",
    },
    "ctx_series_sesnsp": {
        "en": "SESNSP: victims of homicidio doloso and feminicidio (criminal investigations)",
        "es": "SESNSP: víctimas de homicidio doloso y feminicidio (carpetas de investigación)",
    },
    "ctx_final": {
        "en": "Definitive figure (INEGI) or SESNSP's June 2025 cut",
        "es": "Cifra definitiva (INEGI) o corte de junio de 2025 (SESNSP)",
    },
    "ctx_prelim_point": {"en": "Preliminary figure", "es": "Cifra preliminar"},
    "ctx_chart_note": {
        "en": "INEGI counts deaths registered on death certificates; SESNSP counts victims in "
        "investigations opened by state prosecutors. They count different things: each series "
        "is its own line, never joined to the other or added to it. Years without a figure are "
        "left blank. INEGI's firearm shares are from its preliminary releases; SESNSP's is a "
        "lower bound where prosecutors leave the means unspecified.",
        "es": "El INEGI cuenta defunciones registradas en certificados de defunción; el SESNSP, "
        "víctimas en carpetas de investigación abiertas por las fiscalías estatales. Cuentan "
        "cosas distintas: cada serie es su propia línea, nunca unida ni sumada a la otra. Los "
        "años sin cifra quedan en blanco. Las proporciones por arma de fuego del "
        "INEGI son de sus publicaciones preliminares; la del SESNSP es una cota inferior donde "
        "las fiscalías no especifican el medio.",
    },
    "ctx_cite_inegi": {
        "en": "INEGI, as reported by {sources}",
        "es": "INEGI, según {sources}",
    },
    "ctx_cite_sesnsp": {
        "en": "{sources}, victims file, June 2025 cut",
        "es": "{sources}, archivo de víctimas, corte de junio de 2025",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """Return the text ``key`` in ``lang`` with ``values`` filled in (not escaped)."""
    return TEXT[key][lang].format(**values)


def caveat(attrs: Mapping[str, Any], lang: str) -> str:
    """Return a layer's caveat in ``lang`` (``caveat_es``), else as its source states it."""
    return str(attrs.get(f"caveat_{lang}") or attrs.get("caveat") or "")


def lower_first(label: str) -> str:
    """Return a label to use mid-sentence: "Personal vehicles" -> "personal vehicles"."""
    return label[:1].lower() + label[1:]


def number(value: float, lang: str, decimals: int = 0) -> str:
    """Format a number with the thousands separator of ``lang`` (a thin space in Spanish)."""
    formatted = f"{value:,.{decimals}f}"
    if lang == "es":
        formatted = formatted.replace(",", "\u202f")
    return formatted
