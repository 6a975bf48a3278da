"""Bring your own data: tables by state name, points per state."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geo


def test_join_table_for_both_countries():
    table = pd.DataFrame({"estado": ["CDMX", "Texas", "Coahuila de Zaragoza"], "x": [1, 2, 3]})
    gdf = geo.join_table(table)
    assert len(gdf) == 83 and gdf["x"].notna().sum() == 3
    assert gdf.set_index(["country", "key"]).at[("mx", "09"), "x"] == 1


def test_join_table_needs_country_for_codes():
    table = pd.DataFrame({"fips": ["06", "48"], "v": [1, 2]})
    with pytest.raises(geo.UnknownNameError, match="could be MX Colima or US California"):
        geo.join_table(table)
    gdf = geo.join_table(table, country="us")
    assert len(gdf) == 51 and gdf.set_index("key").at["CA", "v"] == 1


def test_join_table_duplicates():
    with pytest.raises(geo.DataError, match="more than once"):
        geo.join_table(pd.DataFrame({"state": ["DC", "Washington, D.C."], "v": [1, 2]}))


def test_ports_counted_in_their_states():
    result = geo.count_points(geo.port_layer()).set_index(["country", "key"])
    # Ports sit on the line: each counts once, on one side or the other.
    assert result["count"].sum() + result.attrs["outside"] == 28
    # Which side depends on the 1 km simplification of the drawn border; the four US
    # border states hold the US-side ones.
    us_side = result.loc["us", "count"]
    assert result.attrs["outside"] == 0 and 0 < us_side.sum() < 28
    assert set(us_side[us_side > 0].index) <= {"CA", "AZ", "NM", "TX"}


def test_points_in_any_crs_and_per_100k():
    # Two points in El Paso and one in Monterrey, given in EPSG:6372 metres.
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy([-106.45, -106.40, -100.31], [31.77, 31.80, 25.67]), crs=4326
    )
    result = geo.count_points(pts.to_crs(6372)).set_index(["country", "key"])
    assert result.at[("us", "TX"), "count"] == 2 and result.at[("mx", "19"), "count"] == 1
    expected = 2 / result.at[("us", "TX"), "population"] * 1e5
    assert result.at[("us", "TX"), "per_100k"] == pytest.approx(expected)
    assert result.attrs["population_year"] == 2024


def test_points_outside_and_unplaced_are_reported():
    df = pd.DataFrame(
        {
            "lat": [31.77, 0.0, 45.0, None, 95.0],
            "lon": [-106.45, 0.0, -30.0, -100.0, -100.0],
        }
    )
    result = geo.count_points(df)
    assert result["count"].sum() == 1
    assert result.attrs["outside"] == 2 and result.attrs["outside_rows"] == [1, 2]
    assert result.attrs["unplaced"] == 2 and result.attrs["unplaced_rows"] == [3, 4]


def test_one_country_only():
    df = pd.DataFrame({"latitude": [31.77, 25.67], "longitude": [-106.45, -100.31]})
    result = geo.count_points(df, country="mx")
    assert len(result) == 32 and result["count"].sum() == 1 and result.attrs["outside"] == 1


def test_csv_in_chunks_equals_in_memory(tmp_path):
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {
            "id": range(5_000),
            "Latitude": rng.uniform(14, 50, 5_000),
            "Longitude": rng.uniform(-125, -86, 5_000),
        }
    )
    path = tmp_path / "points.csv"
    df.to_csv(path, sep=";", index=False)
    chunked = geo.count_points(path, chunksize=700)
    whole = geo.count_points(df)
    assert (chunked["count"] == whole["count"]).all()
    assert chunked.attrs["points"] == 5_000 and chunked.attrs["outside"] == whole.attrs["outside"]
    # Lines of the file, not positions: the first outside point's line is its row + 2.
    assert chunked.attrs["outside_rows"][0] == whole.attrs["outside_rows"][0] + 2


def test_counts_agree_with_a_plain_sjoin():
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-118, -95, 20_000), rng.uniform(20, 37, 20_000)
    mine = geo.count_points(pd.DataFrame({"lat": y, "lon": x}))
    states = geo.load_states()
    points = gpd.GeoDataFrame(geometry=shapely.points(x, y), crs=4326)
    joined = gpd.sjoin(points, states, predicate="within")
    plain = joined.groupby("index_right").size().reindex(states.index, fill_value=0)
    assert (mine["count"].to_numpy() == plain.to_numpy()).all()


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)]), "have no CRS"),
        (gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)], crs=4326), "only points"),
        (pd.DataFrame({"a": [1]}), "no latitude column"),
        ([(31.0, -106.0)], "must be a \\(Geo\\)DataFrame or a file path"),
    ],
)
def test_bad_points(points, message):
    with pytest.raises(geo.DataError, match=message):
        geo.count_points(points)


def test_join_table_from_a_file_types_numbers(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("state;dealers;note\nTexas;8,382;big\nVermont;N/D;<b>small</b>\n")
    gdf = geo.join_table(path).set_index(["country", "key"])
    assert gdf.at[("us", "TX"), "dealers"] == 8382 and pd.isna(gdf.at[("us", "VT"), "dealers"])
    assert gdf.at[("us", "VT"), "note"] == "<b>small</b>"
