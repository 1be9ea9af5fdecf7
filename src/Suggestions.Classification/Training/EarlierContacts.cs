namespace Suggestions.Classification.Training;

/// <summary>
/// Made-up accounts of earlier contact — whom the writer told before, how often, and what came of it (多次向街道反映过，
/// 至今没有解决) — for <see cref="TrainingOptions.HistoryShare"/>: copies of training texts with one added, under the same
/// labels, teach the hint models that such an account says nothing about whether the matter is personal. In the corpus
/// it sits mostly in grievances; residents tell it before public proposals too, and board messages are full of it.
/// Free of area words: it names no department that handles an area (物业, 城管, 派出所, 社区 …), only general channels.
/// </summary>
internal static class EarlierContacts
{
    private static readonly string[] When = ["多次", "好几次", "两三次", "前后三次", "去年就", "上个月", "从年初起就", "一年多来一直", "之前", "早就"];

    private static readonly string[] Channels =
    [
        "向街道反映过", "打电话反映过", "找过相关部门", "向有关部门反映过", "在网上留过言", "给有关部门写过信",
        "当面找过负责的人", "在网上反映过", "向镇上反映过", "跟上面反映过", "找过领导", "写信反映过",
    ];

    private static readonly string[] Outcomes =
    [
        "未果", "没有下文", "一直没人管", "至今没有解决", "答复说会处理，但一直没动静", "说已经转交了，之后就没消息了",
        "都说不归他们管", "到现在也没结果", "没有任何回音", "每次都说在协调", "说要等上面安排", "推来推去没人负责",
    ];

    private static readonly string[] Leads = ["", "", "为这事", "这个问题", "我们", "这件事"];

    /// <summary>With <paramref name="text"/> and <see cref="Compose"/>'s account: before it, or after it.</summary>
    public static string Tell(string text, Random random)
    {
        var (account, atEnd) = Compose(random);
        return atEnd ? text + account : account + text;
    }

    /// <summary>One account of earlier contact, and whether it goes after the message rather than before it.</summary>
    public static (string Text, bool AtEnd) Compose(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        string Pick(string[] items) => items[random.Next(items.Length)];
        var account = $"{Pick(Leads)}{Pick(When)}{Pick(Channels)}，{Pick(Outcomes)}";
        var atEnd = random.Next(5) < 3;
        return (account + Pick(["。", "。", "！", "，"]), atEnd);
    }
}
