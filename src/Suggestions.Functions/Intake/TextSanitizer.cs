using System.Net;
using System.Text;
using Ganss.Xss;

namespace Suggestions.Intake;

/// <summary>
/// Turns what a citizen typed into plain text: markup is removed (its text kept), scripts and styles
/// dropped, entities decoded, control characters removed and line breaks normalised. We store plain text;
/// whoever renders it encodes it for their output.
/// </summary>
public sealed class TextSanitizer
{
    private readonly HtmlSanitizer _sanitizer;

    public TextSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        _sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };

        // Elements whose content is code or invisible, not the citizen's words: drop them whole.
        _sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.NodeName is "SCRIPT" or "STYLE" or "IFRAME" or "OBJECT" or "EMBED" or "TEMPLATE" or "NOSCRIPT")
            {
                e.Tag.TextContent = "";
            }
        };
    }

    public string Clean(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        var text = input;
        if (text.AsSpan().IndexOfAny('<', '&') >= 0)
        {
            text = WebUtility.HtmlDecode(_sanitizer.Sanitize(text));
        }

        return NormaliseWhitespace(text);
    }

    private static string NormaliseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
