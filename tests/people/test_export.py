"""« Mes données » and `flask rgpd exporter`: a ZIP of everything the account made or is named in, and nothing of
anyone else's."""
import io
import json
import zipfile

from app.photos import store
from tests.people.conftest import EMAIL, NAME, OTHER, OTHER_EMAIL, PSEUDONYM


def unzipped(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return json.loads(archive.read("donnees.json")), archive


def test_my_data_holds_exactly_what_the_person_made_or_is_named_in(traces):
    response = traces.client.get("/compte/mes-donnees")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="mes-donnees-voyette.zip"'
    data, archive = unzipped(response.data)
    assert data["compte"]["adresse"] == EMAIL and data["compte"]["nom_affiche"] == NAME
    assert data["pseudonymes"] == [PSEUDONYM]
    assert data["collectifs"] == [{"collectif": "Centre social Test", "role": "editor"}]
    assert sorted(item["element"]["title"] for item in data["elements"]) == ["Banc cassé", "Boîte à livres"]
    assert [comment["texte"] for comment in data["commentaires"]] == ["Je passe arroser jeudi."]
    assert {(entry["action"], entry["signe"]) for entry in data["historique"]} == {
        ("created", NAME), ("edited", NAME), ("commented", NAME),  # hers
        ("created", PSEUDONYM),  # her proposal, validated
        ("edited", "Camille"), ("validated", "Camille")}  # naming her: the plot given to her, her proposal's fate
    assert [walk["theme"] for walk in data["marches"]] == ["Propreté"]
    assert [proposal["titre"] for proposal in data["propositions"]] == ["Boîte à livres"]
    assert [(plot["attribuee_a"], plot["note"]) for plot in data["parcelles"]] == [(PSEUDONYM, "Tomates")]
    photo_file = f"photos/{store.filename(traces.photo.stored_name)}"
    assert [photo["fichier"] for photo in data["photos"]] == [photo_file]
    assert sorted(archive.namelist()) == ["donnees.json", photo_file]
    assert archive.read(photo_file) == (store.directory() / store.filename(traces.photo.stored_name)).read_bytes()
    everything = archive.read("donnees.json").decode()
    for other in (OTHER, OTHER_EMAIL, "Le composteur déborde", "Composteur (Bertrand)"):
        assert other not in everything


def test_the_operator_writes_the_same_zip_from_the_command_line(app, traces, tmp_path):
    target = tmp_path / "export.zip"
    result = app.test_cli_runner().invoke(args=["rgpd", "exporter", EMAIL, "--vers", str(target),
                                                "--pseudonyme", PSEUDONYM])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    by_command, _archive = unzipped(target.read_bytes())
    by_page, _archive = unzipped(traces.client.get("/compte/mes-donnees").data)
    assert by_command == by_page


def test_an_account_that_made_nothing_gets_its_account_alone(app, owner, client):
    data, archive = unzipped(client.get("/compte/mes-donnees").data)
    assert data["compte"]["adresse"] == owner.email
    assert data["collectifs"] == [{"collectif": "Centre social Test", "role": "owner"}]
    assert all(data[kind] == [] for kind in ("elements", "commentaires", "historique", "photos", "marches"))
    assert archive.namelist() == ["donnees.json"]
