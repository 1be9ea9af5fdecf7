using System.Buffers;

namespace Suggestions.Classification.Text;

/// <summary>
/// Words read as one space each (the call's own name, the channels residents use, courtesy formulas:
/// <see cref="Model.ModelMetadata.CampaignTerms"/>, <see cref="Model.ModelMetadata.ChannelTerms"/>,
/// <see cref="Model.ModelMetadata.CourtesyTerms"/>), prepared once for the classifier's hot path and the trainer: normalised,
/// distinct, longest first, with the set of characters they start with, so a pass over a text jumps from one possible
/// start to the next.
/// </summary>
public sealed class TermMask
{
    private readonly string[] _terms;
    private readonly SearchValues<char> _starts;

    public TermMask(IEnumerable<string> terms)
    {
        _terms = InPlace.LongestFirst(terms);
        _starts = SearchValues.Create([.. _terms.Select(t => t[0]).Distinct()]);
    }

    /// <summary>The terms as matched: normalised, distinct, longest first.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>Terms in the canonical form (<see cref="TextNormalizer.Normalize(string)"/>), without empty ones or repeats, in their order.</summary>
    public static IReadOnlyList<string> Normalise(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return [.. terms.Select(TextNormalizer.Normalize).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// In place over normalised text: each occurrence of a term (the longest where several start at one place) becomes
    /// one space. Returns the new length. Never allocates.
    /// </summary>
    public int Apply(Span<char> text)
    {
        var w = 0;
        var i = 0;
        while (i < text.Length)
        {
            var next = _terms.Length == 0 ? -1 : text[i..].IndexOfAny(_starts);
            var copy = next < 0 ? text.Length - i : next;
            if (w != i)
            {
                text.Slice(i, copy).CopyTo(text[w..]);
            }

            (w, i) = (w + copy, i + copy);
            if (next < 0)
            {
                break;
            }

            var matched = 0;
            foreach (var term in _terms)
            {
                if (text[i..].StartsWith(term, StringComparison.Ordinal))
                {
                    matched = term.Length;
                    break;
                }
            }

            if (matched > 0)
            {
                text[w++] = ' ';
                i += matched;
            }
            else
            {
                text[w++] = text[i++];
            }
        }

        return w;
    }

    /// <summary><see cref="Apply(Span{char})"/> on a string.</summary>
    public string Apply(string text) => InPlace.On(text, Apply);
}
