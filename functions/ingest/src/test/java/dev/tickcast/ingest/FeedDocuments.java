package dev.tickcast.ingest;

/** RSS 2.0 and Atom 1.0 documents as news sites publish them. */
public final class FeedDocuments {
    private FeedDocuments() {
    }

    public static String rss(String title, String... items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
                  <channel>
                    <title>%s</title>
                    <link>https://example.org/</link>
                    <description>Crypto news</description>
                    <language>en</language>
                %s
                  </channel>
                </rss>
                """.formatted(title, String.join("\n", items));
    }

    /** An RSS item; a null argument leaves its element out. */
    public static String rssItem(String guid, String title, String link, String pubDate, String descriptionHtml) {
        StringBuilder item = new StringBuilder("    <item>\n");
        if (title != null) {
            item.append("      <title>").append(title).append("</title>\n");
        }
        if (link != null) {
            item.append("      <link>").append(link).append("</link>\n");
        }
        if (guid != null) {
            item.append("      <guid isPermaLink=\"false\">").append(guid).append("</guid>\n");
        }
        if (pubDate != null) {
            item.append("      <pubDate>").append(pubDate).append("</pubDate>\n");
        }
        if (descriptionHtml != null) {
            item.append("      <description><![CDATA[").append(descriptionHtml).append("]]></description>\n");
        }
        return item.append("    </item>").toString();
    }

    public static String atom(String title, String... entries) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>%s</title>
                  <link href="https://example.org/"/>
                  <updated>2026-11-21T12:00:00Z</updated>
                  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
                %s
                </feed>
                """.formatted(title, String.join("\n", entries));
    }

    public static String atomEntry(String id, String title, String link, String published, String updated, String summary) {
        StringBuilder entry = new StringBuilder("  <entry>\n");
        entry.append("    <title>").append(title).append("</title>\n");
        entry.append("    <link href=\"").append(link).append("\"/>\n");
        entry.append("    <id>").append(id).append("</id>\n");
        if (published != null) {
            entry.append("    <published>").append(published).append("</published>\n");
        }
        entry.append("    <updated>").append(updated).append("</updated>\n");
        if (summary != null) {
            entry.append("    <summary>").append(summary).append("</summary>\n");
        }
        return entry.append("  </entry>").toString();
    }
}
