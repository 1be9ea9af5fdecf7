using System.Buffers;

namespace Suggestions.Classification.Text;

/// <summary>
/// Whom a resident asked before is not what the proposal is about: in 这事跟居委会说了不下五回 or 之前找过社区好几次 the
/// residents' committee and the community are the addressee of an earlier contact, yet they are also words of community
/// governance, and read as such they pulled area proposals to <c>governance</c> (twenty-sixth session, docs/classifier.md).
/// The classifier reads such an addressee in the content as one space (<see cref="Model.ModelMetadata.ContactMask"/>). Only the general
/// intermediaries residents turn to whatever the matter — the residents' and villagers' committees, the community, the
/// street office, the property manager, "the departments concerned", levels of government, hotlines, the petition office,
/// the grid worker, leaders — never a department that handles one area (教育局, 派出所, 交警): residents write to the one
/// that handles their matter, so naming it says something about the matter.
/// An addressee is masked only where the grammar makes it one: right after a word of contact (向 跟 和 给 对 + a verb of
/// telling after it — 反映 说 投诉 打电话 …, after at most two adverbs of frequency such as 多次 好几次 一直; or 找过 致电 联系
/// 求助 … + a verb of telling, a clause end, or the start of an outcome — 但 都 没 一直 对方 …). A second addressee joined by
/// 和、及与或 goes with the first (致电物业和街道办). "向社区居民提供…", "给社区老人送餐", "联系社区医生" are left alone.
/// Words of the language, from general knowledge, not from any text.
/// </summary>
public static class ContactMask
{
    // Longest first where one ends another (社区居委会 before 社区, 街道办事处 before 街道办 before 街道).
    private static readonly string[] Addressees = InPlace.LongestFirst(
    [
        "居民委员会", "村民委员会", "社区居委会", "居委会", "居委", "村委会", "村委", "社区网格员", "网格员", "社区", "街道办事处", "街道办",
        "街道", "物业管理处", "物业公司", "物业", "物管", "业委会", "有关部门", "相关部门", "主管部门", "职能部门", "上级部门", "有关单位",
        "相关单位", "上级", "领导", "区政府", "市政府", "县政府", "镇政府", "乡政府", "政府", "区里", "市里", "县里", "镇里", "乡里", "镇上",
        "村里", "市长热线", "热线", "信访办", "信访局", "信访部门",
    ]);

    // Prepositions that make what follows an addressee only when a verb of telling comes after it.
    private static readonly string[] Prepositions = ["向", "跟", "和", "给", "对"];

    // Verbs of contact whose object is the addressee: what follows may also be a clause end or an outcome.
    private static readonly string[] ContactVerbs = InPlace.LongestFirst(
    [
        "找过", "找了", "找", "致电", "联系过", "联系了", "联系", "求助于", "求助过", "求助", "问过", "问了", "咨询过", "咨询了", "打电话给",
        "打给", "反映到", "反映给", "反映至", "投诉到", "投诉至", "报到", "告到", "上报给",
    ]);

    // Verbs of telling, after the addressee.
    private static readonly string[] Telling =
    [
        "反映", "反应", "说", "讲", "提过", "提了", "提出", "提建议", "提意见", "投诉", "举报", "求助", "咨询", "打电话", "打过", "打了", "报告",
        "报修", "申请", "写信", "写过", "留言", "打听", "问过", "问了", "询问", "要求", "联系", "沟通", "协调", "交涉", "汇报", "递交", "提交", "上报",
    ];

    // Adverbs of frequency or time between the addressee and the verb (at most two).
    private static readonly string[] Adverbs = InPlace.LongestFirst(
    [
        "多次", "好几次", "好几回", "几次", "几回", "两次", "三次", "两三次", "无数次", "屡次", "反复", "一直", "都", "也", "曾", "曾经", "已",
        "已经", "早就", "先后", "不止一次", "也多次",
    ]);

    // What may follow the addressee of a verb of contact, besides a verb of telling: the start of an outcome or of a count.
    private static readonly string[] Outcomes =
    [
        "但", "可", "却", "都", "也", "没", "不", "一直", "至今", "对方", "他们", "均", "答复", "回复", "表示", "结果", "了", "过", "好几", "多次",
        "几次", "反复", "无果", "未果",
    ];

    private static readonly string[] Joiners = ["和", "、", "及", "与", "或"];

    // The last character of every preposition and verb of contact, and the first of every addressee: two cheap tests
    // before any comparison.
    private static readonly SearchValues<char> ContactEnds = SearchValues.Create([.. Prepositions.Concat(ContactVerbs).Select(w => w[^1]).Distinct()]);

    private static readonly SearchValues<char> AddresseeStarts = SearchValues.Create([.. Addressees.Select(w => w[0]).Distinct()]);

    /// <summary>
    /// In place over normalised text: each addressee of an earlier contact (with a second one joined to it) becomes one
    /// space. Returns the new length. Never allocates.
    /// </summary>
    public static int Apply(Span<char> text)
    {
        var w = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (w > 0 && AddresseeStarts.Contains(text[i]) && ContactEnds.Contains(text[w - 1]) && AddresseeEnd(text, w, i) is var end and > 0)
            {
                text[w++] = ' ';
                i = end;
                continue;
            }

            text[w++] = text[i++];
        }

        return w;
    }

    /// <summary><see cref="Apply(Span{char})"/> on a string.</summary>
    public static string Apply(string text) => InPlace.On(text, Apply);

    /// <summary>
    /// Where the addressee (and a second one joined to it) starting at <paramref name="i"/> ends, when the text written so far
    /// (<paramref name="text"/> up to <paramref name="written"/>) ends with a word of contact and what follows makes it one;
    /// otherwise 0.
    /// </summary>
    private static int AddresseeEnd(Span<char> text, int written, int i)
    {
        var before = text[..written];
        var verb = EndsWithAny(before, ContactVerbs);
        if (!verb && !EndsWithAny(before, Prepositions))
        {
            return 0;
        }

        var end = Match(text, i, Addressees);
        if (end == 0)
        {
            return 0;
        }

        // A second addressee joined to the first.
        var joiner = Match(text, end, Joiners);
        if (joiner > 0 && Match(text, joiner, Addressees) is var second and > 0)
        {
            end = second;
        }

        var next = end;
        for (var a = 0; a < 2 && Match(text, next, Adverbs) is var adverb and > 0; a++)
        {
            next = adverb;
        }

        if (Match(text, next, Telling) > 0)
        {
            return end;
        }

        if (!verb)
        {
            return 0;
        }

        return end == text.Length || !char.IsLetterOrDigit(text[end]) || Match(text, end, Outcomes) > 0 ? end : 0;
    }

    private static bool EndsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.EndsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where the first of <paramref name="words"/> found at <paramref name="at"/> ends (longest first where sorted so), or 0.</summary>
    private static int Match(ReadOnlySpan<char> text, int at, string[] words)
    {
        if (at >= text.Length)
        {
            return 0;
        }

        var rest = text[at..];
        foreach (var word in words)
        {
            if (rest.StartsWith(word, StringComparison.Ordinal))
            {
                return at + word.Length;
            }
        }

        return 0;
    }
}
