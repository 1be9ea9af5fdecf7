namespace Suggestions.Classification.Text;

/// <summary>
/// What the in-place masks (<see cref="TermMask"/>, <see cref="ClosingMask"/>, <see cref="Salutation"/>,
/// <see cref="ContactMask"/>) share: the order
/// they match terms in, a range read as one space, and the same edit on a string.
/// </summary>
internal static class InPlace
{
    /// <summary>An edit of normalised text in its buffer; returns the new length.</summary>
    internal delegate int Edit(Span<char> text);

    /// <summary>Terms normalised (<see cref="TermMask.Normalise"/>), longest first, ties in ordinal order.</summary>
    public static string[] LongestFirst(IEnumerable<string> terms) =>
        [.. TermMask.Normalise(terms).OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal)];

    /// <summary>
    /// <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) becomes one space and the rest of the first
    /// <paramref name="length"/> characters moves up behind it; returns the new length.
    /// </summary>
    public static int ToSpace(Span<char> text, int length, int start, int end)
    {
        text[start] = ' ';
        text[end..length].CopyTo(text[(start + 1)..]);
        return length - (end - start - 1);
    }

    /// <summary>The edit on a copy of a string.</summary>
    public static string On(string text, Edit edit)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = text.ToCharArray();
        return new string(buffer, 0, edit(buffer));
    }
}
