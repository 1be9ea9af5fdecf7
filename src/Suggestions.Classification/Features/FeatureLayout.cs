namespace Suggestions.Classification.Features;

/// <summary>
/// The dense "structure" features appended after the n-gram vocabulary and the lexicon groups.
/// The last <see cref="SegmentFeatureCount"/> describe the topics of the text's clauses; they need the
/// category model to be computed, so only the hint models use them.
/// </summary>
internal static class FeatureLayout
{
    public const int LengthUnder15 = 0;
    public const int LengthUnder40 = 1;
    public const int LengthUnder100 = 2;
    public const int LengthUnder300 = 3;
    public const int LengthUnder1000 = 4;
    public const int Length1000Plus = 5;
    public const int Markers2Plus = 6;
    public const int Markers4Plus = 7;
    public const int TitleEmpty = 8;
    public const int Clauses4Plus = 9;
    public const int Topics2Plus = 10;
    public const int Topics3Plus = 11;
    public const int Topics2PlusEnumerated = 12;

    public const int StructureCount = 13;
    public const int SegmentFeatureCount = 3;
    public const int FirstSegmentFeature = Topics2Plus;

    /// <summary>Clauses shorter than this carry too little text to have a topic of their own.</summary>
    public const int MinClauseChars = 4;

    public static readonly string[] Names =
    [
        "len<15", "len<40", "len<100", "len<300", "len<1000", "len>=1000", "markers>=2", "markers>=4",
        "title-empty", "clauses>=4", "topics>=2", "topics>=3", "topics>=2+enumerated",
    ];

    public static int LengthBin(int contentChars) => contentChars switch
    {
        < 15 => LengthUnder15,
        < 40 => LengthUnder40,
        < 100 => LengthUnder100,
        < 300 => LengthUnder300,
        < 1000 => LengthUnder1000,
        _ => Length1000Plus,
    };

    /// <summary>Writes the basic structure features (everything but the clause topics).</summary>
    public static void WriteBasic(Span<float> structure, int contentChars, int markers, bool titleEmpty, int clauses)
    {
        structure.Clear();
        structure[LengthBin(contentChars)] = 1;
        if (markers >= 2)
        {
            structure[Markers2Plus] = 1;
        }

        if (markers >= 4)
        {
            structure[Markers4Plus] = 1;
        }

        if (titleEmpty)
        {
            structure[TitleEmpty] = 1;
        }

        if (clauses >= 4)
        {
            structure[Clauses4Plus] = 1;
        }
    }

    public static void WriteTopics(Span<float> structure, int distinctTopics, int markers)
    {
        structure[Topics2Plus] = distinctTopics >= 2 ? 1 : 0;
        structure[Topics3Plus] = distinctTopics >= 3 ? 1 : 0;
        structure[Topics2PlusEnumerated] = distinctTopics >= 2 && markers >= 2 ? 1 : 0;
    }
}
