namespace Suggestions.Classification.Text;

/// <summary>
/// A letter's salutation to an official by name or rank at the start of the content (尊敬的张市长：, 王书记您好, 尊敬的市领导：),
/// read as one space by the classifier (<see cref="Model.ModelMetadata.Salutations"/>; sixteenth session, docs/classifier.md):
/// whom the letter is addressed to says nothing of its subject. A salutation that names a department (尊敬的市人社局领导：) is left
/// alone: residents write to the department that handles their matter, so the department is part of what they say.
/// </summary>
public static class Salutation
{
    private static readonly string[] Openers = ["尊敬的", "敬爱的", "亲爱的"];

    // Longest first where one title ends another (副市长 before 市长).
    private static readonly string[] Titles = ["副市长", "副书记", "市长", "书记", "区长", "县长", "镇长", "乡长", "局长", "主任", "部长", "厅长", "省长", "领导"];

    private const string Comrade = "同志";

    // Characters of a body's name (市住建局, 县卫健委, 市政府 …): a "name" holding one is a department, not a person.
    private const string DepartmentCharacters = "局委办厅部院校队所站中心会司府";

    /// <summary>Letters before the title after an opener (尊敬的天元区领导); without one, a surname or a level of government (张市长, 市领导).</summary>
    public const int MaxNameLength = 3;

    private const int MaxBareNameLength = 1;

    // What may follow the title besides a non-letter: the greeting itself (王书记您好).
    private static readonly string[] Greetings = ["您好", "你好"];

    /// <summary>
    /// In place over normalised content (before the term masks, which hold greetings such as 书记您好 that would take the
    /// title): the salutation, if the content opens with one, becomes one space. A salutation is an optional opener (尊敬的,
    /// 敬爱的, 亲爱的); Chinese letters that are no department's, at most <see cref="MaxNameLength"/> after an opener and one
    /// without; a title (市长, 书记, 领导 …); an optional 同志; and then no letter or digit, or 您好/你好. Returns the new length.
    /// Never allocates.
    /// </summary>
    public static int Apply(Span<char> text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        var at = start;
        var maxName = MaxBareNameLength;
        foreach (var opener in Openers)
        {
            if (text[at..].StartsWith(opener, StringComparison.Ordinal))
            {
                at += opener.Length;
                maxName = MaxNameLength;
                break;
            }
        }

        for (var name = 0; name <= maxName && at + name < text.Length; name++)
        {
            if (name > 0 && !IsNameLetter(text[at + name - 1]))
            {
                break;
            }

            foreach (var title in Titles)
            {
                if (!text[(at + name)..].StartsWith(title, StringComparison.Ordinal))
                {
                    continue;
                }

                var end = at + name + title.Length;
                if (text[end..].StartsWith(Comrade, StringComparison.Ordinal))
                {
                    end += Comrade.Length;
                }

                if (end < text.Length && char.IsLetterOrDigit(text[end]) && !StartsWithGreeting(text[end..]))
                {
                    continue;
                }

                return InPlace.ToSpace(text, text.Length, start, end);
            }
        }

        return text.Length;
    }

    /// <summary><see cref="Apply(Span{char})"/> on a string.</summary>
    public static string Apply(string text) => InPlace.On(text, Apply);

    private static bool StartsWithGreeting(ReadOnlySpan<char> text)
    {
        foreach (var greeting in Greetings)
        {
            if (text.StartsWith(greeting, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNameLetter(char c) => c > '\u007f' && char.IsLetter(c) && !DepartmentCharacters.Contains(c);
}
