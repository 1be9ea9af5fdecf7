using Suggestions.Classification.Features;

namespace Suggestions.Classification.Training;

/// <summary>
/// Short windows of a text, for <see cref="TrainingOptions.CropShare"/>: runs of whole consecutive sentences short enough
/// to read like the brief messages many residents send (a sentence or two), so that the category model also learns to
/// decide from the part of a proposal such a message holds. A window never cuts a sentence, and the whole text is never
/// one of its windows.
/// </summary>
internal static class TextCrops
{
    /// <summary>Where a sentence ends: the mark stays with the sentence before it.</summary>
    private static bool EndsSentence(char c) => c is '。' or '！' or '？' or '!' or '?' or '；' or ';' or '\n' or '…';

    /// <summary>The text's sentences in order, each with its closing marks and the spaces around it; blank ones left out.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            // A run of closing marks (。！, ？？, ……) stays with its sentence.
            if (EndsSentence(text[i]) && (i + 1 == text.Length || !EndsSentence(text[i + 1])))
            {
                Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        Add(text[start..]);
        return sentences;

        void Add(string sentence)
        {
            if (LengthScale.NonBlank(sentence) > 0)
            {
                sentences.Add(sentence);
            }
        }
    }

    /// <summary>
    /// Every run of consecutive sentences of <paramref name="text"/> with <paramref name="minChars"/> to
    /// <paramref name="maxChars"/> non-blank characters, except the run of all of them; in order of their first sentence,
    /// then of length.
    /// </summary>
    public static IReadOnlyList<string> Windows(string text, int minChars, int maxChars)
    {
        var sentences = Sentences(text);
        var windows = new List<string>();
        for (var first = 0; first < sentences.Count; first++)
        {
            var chars = 0;
            for (var last = first; last < sentences.Count; last++)
            {
                chars += LengthScale.NonBlank(sentences[last]);
                if (chars > maxChars || (first == 0 && last == sentences.Count - 1))
                {
                    break;
                }

                if (chars >= minChars)
                {
                    windows.Add(string.Concat(sentences.Skip(first).Take(last - first + 1)).Trim());
                }
            }
        }

        return windows;
    }
}
