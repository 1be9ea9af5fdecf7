using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Suggestions.Common;

/// <summary>
/// RFC 9457 problem responses with a stable machine <c>code</c> and a message a citizen understands.
/// </summary>
public static class Problems
{
    public static ApiResult Create(int status, string code, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Title = title;
        problem.Detail = detail;
        problem.Type = $"https://suggestions.example/problems/{code}";
        problem.Extensions["code"] = code;
        var typeInfo = problem is HttpValidationProblemDetails
            ? (System.Text.Json.Serialization.Metadata.JsonTypeInfo)ApiJson.Context.HttpValidationProblemDetails
            : ApiJson.Context.ProblemDetails;
        return new ApiResult(status, problem, typeInfo, "application/problem+json; charset=utf-8");
    }

    public static ApiResult Validation(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status400BadRequest, "validation_failed", "提交的内容有误", "请根据提示修改后重新提交。", errors);

    public static ApiResult MalformedBody(string detail) =>
        Create(StatusCodes.Status400BadRequest, "malformed_body", "无法读取提交的内容", detail);

    public static ApiResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "不支持的提交格式",
            "请以 application/json 或普通表单（application/x-www-form-urlencoded）提交。");

    public static ApiResult PayloadTooLarge(int limitBytes) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "提交的内容过长",
            $"单次提交不能超过 {limitBytes / 1024} KB，请精简内容（一事一题）后重新提交。");

    public static ApiResult CampaignClosed(string campaignTitle) =>
        Create(StatusCodes.Status422UnprocessableEntity, "campaign_closed", "征集不在开放时间内",
            $"“{campaignTitle}”目前不在征集时间内，暂不能提交建议。感谢您的关注。");

    public static ApiResult IdempotencyKeyReused() =>
        Create(StatusCodes.Status409Conflict, "idempotency_key_reused", "重复的提交标识",
            "同一个 Idempotency-Key 已用于内容不同的提交，请为新的建议使用新的标识。");

    /// <summary>A submission could not be stored: the citizen must know it was not received.</summary>
    public static ApiResult StorageUnavailable(int retryAfterSeconds) =>
        Unavailable("您的建议尚未保存，请稍后重新提交。", retryAfterSeconds);

    /// <summary>A lookup or a staff action could not reach storage: nothing already saved is affected.</summary>
    public static ApiResult StorageUnavailableForRead(int retryAfterSeconds) =>
        Unavailable("暂时无法查询或处理，请稍后再试。已经提交的建议不受影响。", retryAfterSeconds);

    private static ApiResult Unavailable(string detail, int retryAfterSeconds) =>
        Create(StatusCodes.Status503ServiceUnavailable, "storage_unavailable", "系统暂时繁忙", detail)
        .WithHeader("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ApiResult PreconditionRequired() =>
        Create(StatusCodes.Status428PreconditionRequired, "precondition_required", "缺少版本标记",
            "请先打开这条建议的最新内容，再带上它的 ETag（If-Match 请求头）作出决定，以免覆盖同事的修改。");

    public static ApiResult PreconditionFailed() =>
        Create(StatusCodes.Status412PreconditionFailed, "precondition_failed", "这条建议已被修改",
            "您打开这条建议之后，已有人修改了它。请刷新查看最新内容后再作决定。");

    public static ApiResult NotFound(string code, string detail) =>
        Create(StatusCodes.Status404NotFound, code, "未找到", detail);

    public static ApiResult InvalidTrackingNumber() =>
        Create(StatusCodes.Status400BadRequest, "invalid_tracking_number", "查询编号有误",
            "查询编号格式不正确或校验位不符，请核对后重新输入（编号由字母和数字组成，例如 K7QM-3XDA-9PRT-W4HN）。");

    public static ApiResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", "需要登录", "此功能仅限工作人员使用，请先登录。")
        .WithHeader("WWW-Authenticate", "Bearer");

    public static ApiResult Forbidden() =>
        Create(StatusCodes.Status403Forbidden, "forbidden", "没有权限", "您的账号没有使用此功能的权限。");
}
