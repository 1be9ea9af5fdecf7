using Suggestions.Classification;

namespace Suggestions.Campaigns;

public sealed record CategoryInfo(string Code, string NameZh, string NameEn, string Description);

/// <summary>The 12 areas of the call (mission.md) plus <c>other</c>, with the codes of api.md.</summary>
public static class CategoryCatalog
{
    public static IReadOnlyList<CategoryInfo> All { get; } =
    [
        new(CategoryCodes.Education, "公共教育", "Public education", "幼儿园和中小学学位、校园及周边、课后服务、教师等。"),
        new(CategoryCodes.CultureSports, "文化体育", "Culture & sports", "图书馆、文化活动、全民健身场地和设施等。"),
        new(CategoryCodes.Employment, "就业创业", "Employment & entrepreneurship", "就业岗位、技能培训、创业扶持、零工市场等。"),
        new(CategoryCodes.Health, "医疗卫生", "Medical & health", "医院和社区卫生服务、看病就医、公共卫生等。"),
        new(CategoryCodes.Housing, "住房保障", "Housing security", "保障性住房、老旧小区改造、加装电梯等。"),
        new(CategoryCodes.SocialSecurity, "社会保障", "Social security", "养老服务、社会保险、社会救助、残疾人和儿童福利等。"),
        new(CategoryCodes.Governance, "社会治理", "Social governance", "社区治理、物业管理、矛盾调解、基层服务等。"),
        new(CategoryCodes.PublicSafety, "公共安全", "Public safety", "消防、防汛减灾、治安、燃气和建筑安全等。"),
        new(CategoryCodes.Transport, "公共交通", "Public transport", "公交线路和站点、道路、停车、慢行交通等。"),
        new(CategoryCodes.Environment, "环境保护", "Environmental protection", "水、空气、噪声、垃圾分类、绿化和公园等。"),
        new(CategoryCodes.FoodSafety, "食品安全", "Food safety", "农贸市场、餐饮、校园食堂、食品检测等。"),
        new(CategoryCodes.Convenience, "便民服务", "Convenience services", "政务服务、公厕、社区服务设施、充电桩等。"),
        new(CategoryCodes.Other, "其他", "Other", "不属于以上领域的建议。"),
    ];

    private static readonly Dictionary<string, CategoryInfo> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static CategoryInfo? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var info) ? info : null;
}
