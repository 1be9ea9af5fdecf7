namespace Suggestions.Classification.Text;

/// <summary>
/// Formulas read as one space only where they close a message (<see cref="Model.ModelMetadata.ClosingTerms"/>; sixteenth
/// session, docs/classifier.md): a term that ends the text — nothing but punctuation, spaces or symbols after it — and
/// stands as its own clause — the text's start, punctuation or a space before it. Repeated while one still ends the text,
/// so "…谢谢！谢谢！" loses both. "谢谢" that closes a letter says nothing of its subject; the same word inside a sentence
/// (谢谢社区的网格员…) is what a thank-you letter is about, and stays.
/// </summary>
public sealed class ClosingMask
{
    private readonly string[] _terms;

    public ClosingMask(IEnumerable<string> terms) => _terms = InPlace.LongestFirst(terms);

    /// <summary>The terms as matched: normalised, distinct, longest first.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>In place over normalised text: returns the new length. Never allocates.</summary>
    public int Apply(Span<char> text)
    {
        var end = text.Length;
        while (_terms.Length > 0)
        {
            // The last letter or digit: what follows it is the close's punctuation, kept as it is.
            var last = end;
            while (last > 0 && !char.IsLetterOrDigit(text[last - 1]))
            {
                last--;
            }

            var matched = 0;
            foreach (var term in _terms)
            {
                var start = last - term.Length;
                if (start >= 0 && text[start..last].SequenceEqual(term) && (start == 0 || !char.IsLetterOrDigit(text[start - 1])))
                {
                    matched = term.Length;
                    break;
                }
            }

            if (matched == 0)
            {
                break;
            }

            end = InPlace.ToSpace(text, end, last - matched, last);
        }

        return end;
    }

    /// <summary><see cref="Apply(Span{char})"/> on a string.</summary>
    public string Apply(string text) => InPlace.On(text, Apply);
}
