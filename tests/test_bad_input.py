"""Bad input gets a clear error naming the file, row and column, or a documented reading."""

import pandas as pd
import pytest

import geo
from geo import layers
from geo.crossings import read_bts_crossings

DataError = geo.DataError
BTS_HEADER = "Port Name,State,Port Code,Border,Date,Measure,Value,Latitude,Longitude,Point\n"
EL_PASO = "El Paso,Texas,2402,US-Mexico Border,{date},{measure},{value},31.764363,-106.451188,\n"


def write(tmp_path, text, name="table.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --- files -----------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    with pytest.raises(DataError, match=r"table\.csv: the file is empty"):
        layers.homicide_layer(table=write(tmp_path, ""))


def test_header_only(tmp_path):
    with pytest.raises(DataError, match="header but no rows"):
        layers.homicide_layer(table=write(tmp_path, "estado,homicidios\n\n,\n"))


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"nowhere\.csv: cannot be read"):
        layers.homicide_layer(table=tmp_path / "nowhere.csv")


def test_not_a_table():
    with pytest.raises(DataError, match="must be a DataFrame or a file path, not list"):
        layers.homicide_layer(table=[("Sonora", 1)])


def test_unquoted_thousands_separator_is_not_read_as_another_column(tmp_path):
    path = write(tmp_path, "estado,homicidios\nSonora,1,584\n")
    with pytest.raises(DataError, match="line 2 has 3 fields, the header has 2"):
        layers.homicide_layer(table=path)


def test_duplicated_columns(tmp_path):
    path = write(tmp_path, "estado,homicidios,homicidios\nSonora,1,2\n")
    with pytest.raises(DataError, match=r"duplicated column name\(s\) \['homicidios'\]"):
        layers.homicide_layer(table=path)


def test_no_state_column(tmp_path):
    path = write(tmp_path, "region,homicidios\nSonora,1584\n")
    with pytest.raises(DataError, match="no state name or code column; expected one of"):
        layers.homicide_layer(table=path)


def test_named_state_column_absent(tmp_path):
    path = write(tmp_path, "estado,homicidios\nSonora,1584\n")
    with pytest.raises(DataError, match="no column 'entidad_federativa'"):
        layers.homicide_layer(table=path, state_column="entidad_federativa")


def test_missing_count_column(tmp_path):
    path = write(tmp_path, "estado,tasa\nSonora,50\n")
    with pytest.raises(DataError, match="no homicide count column"):
        layers.homicide_layer(table=path)


# --- names and keys --------------------------------------------------------------------------


def test_unknown_state_lists_every_value_with_suggestions(tmp_path):
    path = write(tmp_path, "estado,homicidios\nChihuahau,1\nSonora,2\nTexas,3\n")
    with pytest.raises(geo.UnknownNameError) as info:
        layers.homicide_layer(table=path)
    message = str(info.value)
    assert "not recognised as a Mexican state" in message
    assert "in column 'estado' of" in message and "table.csv" in message
    assert "'Chihuahau' (closest: Chihuahua" in message and "'Texas'" in message
    assert set(info.value.unmatched) == {"Chihuahau", "Texas"}


def test_same_state_twice_under_two_aliases(tmp_path):
    path = write(tmp_path, "estado,homicidios\nCDMX,985\nSonora,2\nDistrito Federal,985\n")
    with pytest.raises(DataError, match="more than once: line 2 'CDMX', line 4 'Distrito Federal'"):
        layers.homicide_layer(table=path)


def test_state_outside_the_layer(tmp_path):
    path = write(tmp_path, "state,licensees\nTexas,8382\nPuerto Rico,100\n")
    with pytest.raises(DataError, match="outside this layer: line 3 'Puerto Rico'"):
        layers.dealer_layer(table=path)


def test_blank_state_cell_in_a_filled_row(tmp_path):
    path = write(tmp_path, "estado,homicidios\nSonora,2\n,5\n")
    with pytest.raises(geo.UnknownNameError, match="missing or not a name"):
        layers.homicide_layer(table=path)


@pytest.mark.parametrize(
    "hostile", ["<script>alert(1)</script>", 'Sonora"; DROP TABLE', "x" * 10_000]
)
def test_hostile_state_names(tmp_path, hostile):
    table = pd.DataFrame({"estado": ["Sonora", hostile], "homicidios": [1, 2]})
    with pytest.raises(geo.UnknownNameError) as info:
        layers.homicide_layer(table=table)
    assert list(info.value.unmatched) == [hostile]
    assert len(str(info.value)) < 300


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("mucho", "'mucho' is not a number"),
        ("-3", "'-3' is below 0"),
        ("12.5", "'12.5' is not a whole number"),
        ("1.2.3", "'1.2.3' is not a number"),
    ],
)
def test_bad_counts_name_line_and_column(tmp_path, cell, problem):
    path = write(tmp_path, f"estado,homicidios\nSonora,2\nSinaloa,{cell}\n")
    with pytest.raises(DataError, match=rf"column 'homicidios': line 3: {problem}"):
        layers.homicide_layer(table=path)


def test_many_bad_cells_are_all_counted(tmp_path):
    rows = "".join(
        f"{s},x\n"
        for s in [
            "Sonora",
            "Sinaloa",
            "Durango",
            "Jalisco",
            "Colima",
            "Nayarit",
            "Oaxaca",
            "Puebla",
            "Yucatán",
            "Tabasco",
            "Chiapas",
            "Morelos",
        ]
    )
    with pytest.raises(DataError, match="and 2 more"):
        layers.homicide_layer(table=write(tmp_path, "estado,homicidios\n" + rows))


def test_no_data_markers_stay_missing(tmp_path):
    path = write(tmp_path, "estado,homicidios\nSonora,N/D\nSinaloa,-\nDurango,69\n")
    gdf = layers.homicide_layer(table=path).set_index("abbrev")
    assert pd.isna(gdf.at["SON", "homicides"]) and pd.isna(gdf.at["SIN", "rate_per_100k"])
    assert gdf.at["DGO", "homicides"] == 69


def test_zero_population(tmp_path):
    path = write(tmp_path, "estado,homicidios,poblacion\nSonora,2,0\n")
    with pytest.raises(DataError, match="'0' is below 1"):
        layers.homicide_layer(table=path)


def test_rate_that_disagrees_with_count_and_population(tmp_path):
    path = write(tmp_path, "estado;homicidios;poblacion;tasa\nColima;5;100000;50\n")
    with pytest.raises(
        DataError, match=r"rate disagrees: line 2 states 50, count/population gives 5\.00"
    ):
        layers.homicide_layer(table=path)


def test_invalid_grade(tmp_path):
    path = write(tmp_path, "state,grade\nTexas,F\nVermont,E+\n")
    with pytest.raises(DataError, match=r"column 'grade': not a grade .*line 3 'E\+'"):
        layers.gun_law_layer(table=path)


def test_no_population_for_that_year(tmp_path):
    path = write(tmp_path, "state,licensees\nTexas,8382\n")
    with pytest.raises(DataError, match="no bundled US population for 2019"):
        layers.dealer_layer(table=path, year=2019)


def test_latin1_and_decimal_commas_are_read_not_lost(tmp_path):
    text = "entidad;homicidios;tasa\nMichoacán de Ocampo;1,508;30,17\nQuerétaro;218;8,36\n"
    gdf = layers.homicide_layer(table=write(tmp_path, text, encoding="latin-1"), year=2024)
    by = gdf.set_index("abbrev")
    assert by.at["MICH", "homicides"] == 1508 and by.at["QRO", "homicides"] == 218


# --- years -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: layers.homicide_layer(year=2030), "homicide year 2030 is not in the data"),
        (
            lambda: layers.gun_law_layer(edition=2020),
            r"edition 2020 is not in the data; available: \[2017",
        ),
        (lambda: layers.dealer_layer(year=2002), "dealer year 2002"),
        (lambda: layers.port_layer(period=1995), "BTS port year 1995"),
        (lambda: layers.port_layer(period="2024-01"), "BTS port year '2024-01'"),
        (lambda: layers.port_layer(period=2020, source="cbp"), "CBP port period 2020"),
        (lambda: layers.port_layer(period="2024-02", source="cbp"), "CBP port period '2024-02'"),
    ],
)
def test_year_not_in_the_data(call, message):
    with pytest.raises(DataError, match=message):
        call()


# --- ports and the BTS file ------------------------------------------------------------------


def test_unknown_port_without_coordinates(tmp_path):
    path = write(tmp_path, "port_code,pedestrians\n2402,100\n9999,5\n")
    with pytest.raises(DataError, match=r"unknown port code.* line 3 '9999'"):
        layers.port_layer(table=path)


def test_bts_missing_columns(tmp_path):
    path = write(tmp_path, "Port Name,Date,Value\nEl Paso,Jan 2024,1\n")
    with pytest.raises(DataError, match=r"not a BTS Border Crossing Entry Data file; missing"):
        read_bts_crossings(path)


def test_bts_bad_date(tmp_path):
    text = BTS_HEADER + EL_PASO.format(date="2024-01", measure="Trucks", value=1)
    with pytest.raises(DataError, match="line 2, column 'Date': '2024-01' is neither"):
        read_bts_crossings(write(tmp_path, text))


def test_bts_bad_value(tmp_path):
    text = BTS_HEADER + EL_PASO.format(date="Jan 2024", measure="Trucks", value="lots")
    with pytest.raises(DataError, match="line 2, column 'Value': 'lots' is not a number"):
        read_bts_crossings(write(tmp_path, text))


def test_bts_year_not_in_file(fixtures):
    with pytest.raises(DataError, match=r"no US-Mexico rows for 2021-01\.\.2021-12"):
        read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2021)


def test_bts_bad_months(fixtures):
    with pytest.raises(geo.OptionError, match=r"months: 0 is not allowed; valid: \[1, 2, 3"):
        read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2019, months=[0, 13])


def test_bts_repeated_row_counts_once_and_a_conflict_is_never_summed(tmp_path):
    row = EL_PASO.format(date="Jan 2024", measure="Trucks", value=7)
    once = read_bts_crossings(write(tmp_path, BTS_HEADER + row + row), months=[1])
    assert once.at[0, "trucks"] == 7 and once.attrs["conflicts"] == []
    other = EL_PASO.format(date="Jan 2024", measure="Trucks", value=9)
    path = write(tmp_path, BTS_HEADER + row + other)
    clash = read_bts_crossings(path, months=[1])
    assert pd.isna(clash.at[0, "trucks"])  # neither 7, 9 nor 16
    assert clash.attrs["conflicts"] == [
        {"port_code": "2402", "measure": "Trucks", "month": "2024-01", "lines": [2, 3],
         "values": [7, 9]}
    ]  # fmt: skip


def test_bts_partial_year_is_not_a_total(fixtures):
    result = read_bts_crossings(fixtures / "bts_crossings_sample.csv", year=2024)
    assert (
        result.drop(columns=["port_code", "port_name", "usps", "latitude", "longitude"])
        .isna()
        .all()
        .all()
    )
    assert result.attrs["incomplete"]["2402 Trucks"] == 1  # one month of twelve found


def test_bts_error_names_the_file_line_past_other_borders(tmp_path):
    canada = "Jackman,Maine,0104,US-Canada Border,Jan 2024,Trucks,6556,45.806,-70.397,\n"
    bad = EL_PASO.format(date="Jan 2024", measure="Trucks", value="12x")
    path = write(tmp_path, BTS_HEADER + canada * 3 + "\n" + bad)
    with pytest.raises(DataError, match=r"table\.csv: line 6, column 'Value': '12x'"):
        read_bts_crossings(path, months=[1])
