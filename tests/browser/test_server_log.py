"""The live server's log stays out of the tests' output: its lines come from a thread of their own, whenever a page
asks (a poll of the previous test's page too), and would be printed as the lines of whichever test is running."""


def test_a_page_s_requests_write_nothing_into_the_test_s_output_or_captured_log(page, live_server, served, demo_map,
                                                                                capfd, caplog):
    page.goto(f"{live_server}/cartes/{demo_map.id}")
    page.wait_for_selector("#map[data-painted]", state="attached")
    served[1].wait_until_idle()
    out, err = capfd.readouterr()
    assert "requête" not in out and "requête" not in err
    assert "requête" not in caplog.text
