from django.contrib.staticfiles import finders

from bs4 import BeautifulSoup


def test_home_page_serves_the_agency_name(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "vi"
    assert "Ủy ban nhân dân xã Thử Nghiệm" in soup.header.get_text()
    assert "Số 1 đường Thử" in soup.footer.get_text()


def test_skip_link_is_the_first_focusable_element_and_targets_main(client, home_page):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    first = soup.body.find(["a", "button", "input", "select", "textarea"])
    assert first.get_text(strip=True) == "Bỏ qua đến nội dung chính"
    assert first["href"] == "#main-content"
    assert soup.find("main")["id"] == "main-content"


def test_main_menu_lists_live_menu_pages(client, home_page, news_index):
    news_index.show_in_menus = True
    news_index.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    menu = soup.find("nav", class_="main-menu")
    assert "Tin tức" in menu.get_text()


def test_robots_txt_points_at_the_sitemap_on_the_sites_own_address(client, home_page):
    response = client.get("/robots.txt", HTTP_HOST="evil.example")
    assert response.status_code in (200, 400)
    # The Host header (testserver) does not choose the address: the site does.
    response = client.get("/robots.txt")
    assert "Sitemap: http://localhost/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_favicon_ico_leads_to_the_shipped_icon(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    # The test server serves no static files; the icon is one of them.
    assert finders.find("favicon.svg")
