namespace Suggestions.Classification;

/// <summary>
/// Words that bear on the review criteria rather than on a category. They are features of the hint
/// models (which learn how much each group matters), never rules on their own.
/// </summary>
public static class CueLexicon
{
    /// <summary>The speaker's own household or property: the core of a personal matter (普惠性).</summary>
    public const string FirstPerson = "cue:first-person";

    /// <summary>Identifying details of one household: house numbers, phone, ID.</summary>
    public const string PrivateDetail = "cue:private-detail";

    /// <summary>Vocabulary of an individual dispute or claim.</summary>
    public const string Dispute = "cue:dispute";

    /// <summary>Matters for the nation, courts, other provinces, or a company's own business.</summary>
    public const string Remit = "cue:remit";

    /// <summary>Projects too large for one year of a city budget.</summary>
    public const string Infeasible = "cue:infeasible";

    /// <summary>Wishes with no concrete object.</summary>
    public const string Vague = "cue:vague";

    /// <summary>Words that add a further, separate point (一事一题).</summary>
    public const string Connective = "cue:connective";

    /// <summary>Sums of money, typical of an individual claim.</summary>
    public const string Money = "cue:money";

    /// <summary>Words that speak for many people: the opposite of a personal matter.</summary>
    public const string Public = "cue:public";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Terms { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [FirstPerson] =
        [
            "我家", "我们家", "本人", "我的", "我老公", "我老婆", "我爱人", "我妈", "我爸", "我父亲", "我母亲", "我儿子", "我女儿", "我孩子", "我小孩",
            "我公司", "我单位", "我店", "我的房子", "我买的", "我家门口", "我家楼下", "我本人", "家里", "我自己", "我个人",
            "我", "我叫", "我住", "我在", "我去年", "我今年", "我申请",
        ],
        [PrivateDetail] =
        [
            "0栋", "0单元", "0号楼", "0室", "0号", "门牌", "电话", "手机", "联系方式", "身份证", "房号", "xx", "0楼", "0户",
        ],
        [Dispute] =
        [
            "纠纷", "欠薪", "拖欠", "赔偿", "退款", "退钱", "起诉", "维权", "不给", "不退", "欠我", "赖账", "至今", "一直没", "多次", "催",
            "推诿", "扯皮", "不予", "不管", "没人管", "说法", "讨个", "合同", "押金", "补偿款", "工伤", "被骗", "开发商", "房东", "邻居",
            "吵架", "打人", "处理结果", "解决我",
            "跑路", "退费", "找谁", "去哪里", "怎么办", "主持公道", "不公平", "没到账", "没有兑现", "拒赔", "欺诈", "被取消",
            "要回来", "不承认", "互相推", "能退吗", "讨薪", "没发", "不发", "被扣", "罚款", "冤",
        ],
        [Remit] =
        [
            "国家", "全国", "中央", "国务院", "法律", "法院", "判决", "律师", "个人所得税", "个税", "延迟退休", "退休年龄", "公司内部", "老板",
            "外省", "省外", "台湾", "美国", "外交", "房价", "股市", "汇率", "彩票", "高考制度", "户口政策", "修改法律", "立法", "宪法", "军队",
            "央行", "人民币", "上市公司", "集团公司", "部队", "海关", "全省", "省里",
            "保险公司", "旅行社", "4s店", "网购", "网店", "电商平台", "视频网站", "会员", "外地", "北京", "上海", "广东", "外国",
            "物价", "油价", "医保政策", "全国统一", "教材", "公务员考试", "考研",
        ],
        [Infeasible] =
        [
            "地铁", "轻轨", "机场", "高铁", "磁悬浮", "大学", "迪士尼", "海洋馆", "全部", "所有", "一年之内", "全免费", "全部免费", "免费",
            "跨江大桥", "大桥", "隧道", "火车站", "奥运", "世界级", "全国最", "一流", "万人", "十万", "亿元", "新城", "全覆盖", "彻底",
        ],
        [Vague] =
        [
            "希望", "越来越好", "加强", "提高", "重视", "改善", "更好", "加大力度", "进一步", "关心", "建设好", "搞好", "发展", "幸福", "美好",
            "多为", "为民", "民生", "老百姓", "各方面", "全面",
        ],
        [Connective] =
        [
            "另外", "此外", "还有", "同时", "再者", "其次", "最后", "再就是", "顺便", "另一个", "第二个", "还想", "另建议", "也建议", "以及",
        ],
        [Money] =
        [
            "块钱", "万块", "千块", "块", "元", "万元", "首付", "房贷", "工资", "押金", "定金", "学费", "年卡", "保费", "赔偿金",
        ],
        [Public] =
        [
            "大家", "市民", "居民们", "群众", "全市", "广大", "许多", "很多人", "老百姓", "周边居民", "附近居民", "上班族", "家长们", "全体",
        ],
    };
}
