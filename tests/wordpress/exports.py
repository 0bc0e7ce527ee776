"""WordPress exports written for these tests: the smallest WXR that shows each rule.

``export(items, ...)`` returns the text of a WXR file; ``post(...)`` one
``<item>``. Every value is escaped or wrapped in CDATA as WordPress writes it.
"""

from xml.sax.saxutils import escape

WXR_NAMESPACES = {
    "1.0": "http://wordpress.org/export/1.0/",
    "1.1": "http://wordpress.org/export/1.1/",
    "1.2": "http://wordpress.org/export/1.2/",
}


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def term(domain, slug, name):
    return f'<category domain="{domain}" nicename="{escape(slug)}">{cdata(name)}</category>'


def post(
    post_id,
    title,
    *,
    site="https://en.example.org",
    slug=None,
    body="",
    excerpt="",
    status="publish",
    post_type="post",
    date="2024-05-01 10:00:00",
    creator="rania",
    link=None,
    terms=(),
    meta=None,
):
    slug = f"post-{post_id}" if slug is None else slug
    link = link or f"{site}/2024/05/{slug}/"
    meta_xml = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""
    <item>
      <title>{cdata(title)}</title>
      <link>{escape(link)}</link>
      <pubDate>Wed, 01 May 2024 10:00:00 +0000</pubDate>
      <dc:creator>{cdata(creator)}</dc:creator>
      <guid isPermaLink="false">{escape(site)}/?p={post_id}</guid>
      <content:encoded>{cdata(body)}</content:encoded>
      <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{date}</wp:post_date>
      <wp:post_date_gmt>{date}</wp:post_date_gmt>
      <wp:post_name>{cdata(slug)}</wp:post_name>
      <wp:status>{status}</wp:status>
      <wp:post_type>{post_type}</wp:post_type>
      {''.join(terms)}
      {meta_xml}
    </item>"""


def export(items, *, site="https://en.example.org", version="1.2", authors=(("rania", "Rania Khalil"),), header="", language="en-US", terms=""):
    wp = WXR_NAMESPACES[version]
    author_xml = "".join(
        f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_display_name>{cdata(name)}</wp:author_display_name></wp:author>"
        for login, name in authors
    )
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
{header}<rss version="2.0" xmlns:excerpt="{wp}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel>
  <title>Example</title>
  <link>{escape(site)}</link>
  <language>{language}</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{escape(site)}</wp:base_site_url>
  <wp:base_blog_url>{escape(site)}</wp:base_blog_url>
  {author_xml}
  {terms}
  {''.join(items)}
</channel>
</rss>
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)
