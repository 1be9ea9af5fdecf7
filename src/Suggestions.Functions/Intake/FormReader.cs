using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Suggestions.Common;

namespace Suggestions.Intake;

/// <summary>Reads the web/QR form from JSON or from a plain HTML form post, within the size limit.</summary>
public static class FormReader
{
    /// <summary>The limit of one submission; it matches one queue message.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public abstract record Result
    {
        public sealed record Ok(SuggestionInput Input) : Result;

        public sealed record Failed(ApiResult Problem) : Result;
    }

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = MediaKind(request.ContentType);
        if (kind is null)
        {
            return new Result.Failed(Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return new Result.Failed(Problems.PayloadTooLarge(MaxBodyBytes));
        }

        var body = await ReadLimitedAsync(request.Body, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return new Result.Failed(Problems.PayloadTooLarge(MaxBodyBytes));
        }

        return kind == "json" ? ParseJson(body) : ParseForm(body);
    }

    /// <summary>True for <c>application/json</c> in UTF-8 (no charset, or utf-8), what every JSON body here must be.</summary>
    public static bool IsJson(string? contentType) => MediaKind(contentType) == "json";

    private static string? MediaKind(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "application/json" => "json",
            "application/x-www-form-urlencoded" => "form",
            _ => null,
        };
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes (read no further).</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(total, limit + 1 - total), cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return null;
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Result ParseJson(byte[] body)
    {
        try
        {
            var input = JsonSerializer.Deserialize(body, ApiJson.Context.SuggestionInput);
            return input is null
                ? new Result.Failed(Problems.MalformedBody("请求内容为空，请填写建议后提交。"))
                : new Result.Ok(input);
        }
        catch (JsonException)
        {
            return new Result.Failed(Problems.MalformedBody("提交的内容不是有效的 JSON，或某个字段的类型不对（consent 应为 true/false，其余为文字）。"));
        }
    }

    private static Result ParseForm(byte[] body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return new Result.Failed(Problems.MalformedBody("表单内容的编码无法识别，请使用 UTF-8 提交。"));
        }

        var fields = QueryHelpers.ParseQuery(text);
        string? Field(string name) => fields.TryGetValue(name, out var v) ? v.ToString() : null;
        return new Result.Ok(new SuggestionInput
        {
            Title = Field("title"),
            Content = Field("content"),
            Category = Field("category"),
            District = Field("district"),
            Name = Field("name"),
            Phone = Field("phone"),
            Email = Field("email"),
            Consent = Field("consent")?.ToLowerInvariant() switch
            {
                null or "" => null,
                "true" or "on" or "1" or "yes" => true,
                _ => false,
            },
            Source = Field("source"),
        });
    }
}
