"""What the device keeps for offline use is what the server lets it keep: a backup, a print or a document answered
`no-store` never lands in the service worker's copies, where the next person on a shared tablet would find it."""
from tests.browser.conftest import MapPage

KEPT_PATHS = """async () => {
  const cache = await caches.open("voyette-pages");
  return (await cache.keys()).map(request => new URL(request.url).pathname);
}"""


def test_a_backup_and_a_print_are_not_kept_on_the_device(page, live_server, sign_in, owner, demo_map):
    sign_in(page.context, owner)
    MapPage(page, live_server, demo_map.id).open()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    private = [f"/cartes/{demo_map.id}/sauvegarde", f"/cartes/{demo_map.id}/impression/fichier?fond=aucun&sortie=pdf"]
    kept = f"/cartes/{demo_map.id}/elements"
    statuses = page.evaluate("async paths => Promise.all(paths.map(async p => (await fetch(p)).status))",
                             [*private, kept])
    assert statuses == [200, 200, 200]
    page.wait_for_function(f"async () => (await (await caches.open('voyette-pages')).keys())"
                           f".some(r => r.url.endsWith('{kept}'))")  # the ordinary page is kept, as before
    paths = page.evaluate(KEPT_PATHS)
    assert not [path for path in paths if "sauvegarde" in path or "impression/fichier" in path]
