"""Signing in to the admin in a real browser, the way every browser test that needs it does."""


def log_in_to_admin(page, server_url, username, password):
    """Sign *page* in to the admin as *username*, through the login form as a person would."""
    page.goto(server_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
