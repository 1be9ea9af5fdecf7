using System.Globalization;
using System.Text;

namespace Suggestions.Classification.Training;

/// <summary>
/// Made-up self-introductions of the kind residents put before or after a message — who they are, where they
/// live, how to reach them (我家住某某苑3栋2单元…，联系电话…) — for <see cref="TrainingOptions.IntroShare"/>: copies of
/// training texts with one added, under the same labels, teach the models that such details say nothing about the
/// area or the criteria. Every name, place and number is invented from the lists below; none is a real person's.
/// Deliberately free of occupations and of area words (a 司机 or a 老师 would say something about the area).
/// </summary>
internal static class SelfIntroductions
{
    private static readonly string[] Surnames = ["张", "赵", "周", "吴", "郑", "孙", "马", "朱", "胡", "郭", "何", "高", "罗", "梁", "宋", "唐", "许", "邓", "冯", "曾", "彭", "肖", "蒋", "谢"];

    private static readonly string[] GivenNames = ["志明", "桂芳", "海燕", "建军", "玉兰", "小军", "德胜", "春梅", "国庆", "丽华", "伟", "敏", "静", "强", "红英", "先生", "女士", "阿姨", "师傅"];

    private static readonly string[] PlaceWords = ["金桂", "丹桂", "翠竹", "和平", "东风", "青松", "锦绣", "滨江", "桃源", "枫林", "紫荆", "龙泉", "星湖", "碧水", "银杏", "南苑", "北辰", "新华", "五一", "梧桐"];

    private static readonly string[] PlaceKinds = ["小区", "花园", "苑", "家园", "新城", "公寓", "雅居", "佳园", "村"];

    private static readonly string[] RoadKinds = ["路", "大道", "街", "巷"];

    private static readonly string[] Openers = ["", "", "", "您好，", "领导好！", "尊敬的领导：", "各位领导你们好，", "你好，"];

    /// <summary>With <paramref name="text"/> and <see cref="Compose"/>'s introduction: before it, or after it as a signature.</summary>
    public static string Introduce(string text, Random random)
    {
        var (intro, atEnd) = Compose(random);
        return atEnd ? text + "\n" + intro : intro + text;
    }

    /// <summary>One introduction, and whether it goes after the message (a signature) rather than before it.</summary>
    public static (string Text, bool AtEnd) Compose(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var c = CultureInfo.InvariantCulture;
        string Pick(string[] items) => items[random.Next(items.Length)];
        var name = Pick(Surnames) + Pick(GivenNames);
        var place = Pick(PlaceWords) + Pick(PlaceKinds);
        var road = Pick(PlaceWords) + Pick(RoadKinds);
        var unit = random.Next(3) switch
        {
            0 => string.Create(c, $"{random.Next(1, 40)}栋{random.Next(1, 6)}单元{random.Next(1, 33)}0{random.Next(1, 5)}"),
            1 => string.Create(c, $"{random.Next(1, 25)}幢{random.Next(101, 2405)}号"),
            _ => string.Create(c, $"{road}{random.Next(1, 300)}号"),
        };
        var phone = random.Next(4) == 0
            ? string.Create(c, $"1{Pick(["3", "5", "8"])}{random.Next(0, 10)}****{random.Next(1000, 10000)}")
            : string.Create(c, $"1{Pick(["3", "5", "7", "8", "9"])}{random.Next(100000000, 1000000000)}");
        var contact = random.Next(6) switch
        {
            0 => $"联系方式{phone}",
            1 => $"我的手机是{phone}",
            2 => $"电话：{phone}",
            3 => $"手机号{phone}",
            4 => string.Create(c, $"身份证号码43{random.Next(1000, 10000)}19{random.Next(40, 100)}{random.Next(1000, 10000)}{random.Next(1000, 10000)}"),
            _ => string.Empty,
        };

        if (random.Next(5) == 0)
        {
            // At the end, as a signature.
            var signature = random.Next(3) switch
            {
                0 => $"（联系人：{name}，电话{phone}）",
                1 => $"留言人：{name} {phone}",
                _ => $"住址：{place}{unit}。{(contact.Length > 0 ? contact + "。" : string.Empty)}",
            };
            return (signature, true);
        }

        var who = random.Next(7) switch
        {
            0 => $"我是{place}的一名住户，住{unit}",
            1 => $"我家住{place}{unit}",
            2 => $"本人系{place}居民，{unit}",
            3 => $"我姓{name[..1]}，家在{place}",
            4 => $"我在{place}住了十多年，{unit}",
            5 => $"我们家在{place}，{unit}",
            _ => $"我叫{name}，住在{place}",
        };
        var text = new StringBuilder(Pick(Openers)).Append(who);
        if (contact.Length > 0)
        {
            text.Append(random.Next(2) == 0 ? "，" : "。").Append(contact);
        }

        return (text.Append(Pick(["。", "，", "。", "！", "：", " "])).ToString(), false);
    }
}
