"""The ATF FFL listing: header or not, licence types, ZIP placement, malformed rows."""

import pytest

import geo
from geo.ffl import FFL_COLUMNS, ffl_by_county, ffl_by_state, ffl_in_bands, read_ffl_listing


@pytest.fixture
def listing(fixtures):
    return fixtures / "ffl_listing_sample.txt"


def test_dealers_and_pawnbrokers_by_default(listing):
    df = read_ffl_listing(listing)
    assert set(df["lic_type"]) == {"01", "02"}
    assert len(df) == 7 and df.attrs["rows"] == 11
    assert df.attrs["malformed"] == [
        (11, "11 fields instead of 17"),
        (12, "LIC_TYPE '1X' is not a licence type"),
    ]
    assert df.attrs["unmatched_zips"] == {"99999": 1}
    assert "GeoNames (CC BY 4.0)" in df.attrs["credit"]
    el_paso = df[df["license_name"] == "TEST DEALER ONE"].iloc[0]
    assert el_paso["zip"] == "79901" and el_paso["county"] == "El Paso County"
    assert el_paso["latitude"] == pytest.approx(31.76, abs=0.05)


def test_types_by_name_and_all_types(listing):
    assert set(read_ffl_listing(listing, types=["manufacturer"])["lic_type"]) == {"07"}
    assert len(read_ffl_listing(listing, types=None)) == 9
    with pytest.raises(geo.DataError, match="unknown licence type 'gunshop'"):
        read_ffl_listing(listing, types=["gunshop"])


def test_no_header_and_lower_case_header_and_commas(tmp_path, listing):
    lines = listing.read_text().splitlines()
    bare = tmp_path / "bare.txt"
    bare.write_text("\n".join(lines[1:]) + "\n")
    lower = tmp_path / "lower.csv"
    lower.write_text(
        "\n".join(
            [",".join(c.lower() for c in FFL_COLUMNS)]
            + [line.replace("\t", ",") for line in lines[1:]]
        )
        + "\n"
    )
    reference = read_ffl_listing(listing)
    for path in (bare, lower):
        df = read_ffl_listing(path)
        assert list(df["license_name"]) == list(reference["license_name"])
    assert read_ffl_listing(bare).attrs["malformed"][0][0] == 10  # no header: lines shift


def test_leading_zero_lost_zip_is_placed(listing):
    df = read_ffl_listing(listing)
    boston = df[df["usps"] == "MA"].iloc[0]
    assert boston["zip"] == "02108" and boston["county"] == "Suffolk County"


def test_wrong_header_and_empty_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("LIC_REGN\tLIC_DIST\tSOMETHING\n1\t2\t3\n")
    with pytest.raises(geo.DataError, match=r"line 1 is a header but not ATF's: missing"):
        read_ffl_listing(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(geo.DataError, match="the file is empty"):
        read_ffl_listing(empty)


def test_aggregations(listing):
    df = read_ffl_listing(listing)
    states = ffl_by_state(df).set_index("usps")
    assert states.at["TX", "licensees"] == 2 and states.at["NM", "licensees"] == 1
    assert states.at["WY", "licensees"] == 0  # none in the listing: a true zero count
    assert states.attrs["outside"] == {"PR": 1}
    assert states.at["TX", "licensees_per_100k"] == pytest.approx(2 / 30_727_890 * 1e5)
    counties = ffl_by_county(df)
    assert counties.iloc[0].to_dict() == {"usps": "TX", "county": "El Paso County", "licensees": 2}
    assert "(ZIP not placed)" in set(counties["county"])
    bands = ffl_in_bands(read_ffl_listing(listing, types=None)).set_index("distance_km")
    # El Paso x2 and San Diego within 50 km; Las Cruces within 100; Phoenix x2 within 250.
    assert bands["licensees"].to_dict() == {50.0: 3, 100.0: 4, 250.0: 6}


def test_progress_lines(listing, capsys, monkeypatch):
    monkeypatch.setattr("geo.ffl._PROGRESS_EVERY", 4)
    read_ffl_listing(listing, progress=True)
    err = capsys.readouterr().err
    assert "4 lines read" in err and "8 lines read" in err
    assert "done, 11 rows, 7 kept, 2 malformed, 1 without a placed ZIP" in err
