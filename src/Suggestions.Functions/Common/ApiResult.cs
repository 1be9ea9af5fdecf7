using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Suggestions.Common;

/// <summary>
/// A JSON response written with our source-generated metadata. It implements <see cref="IActionResult"/>,
/// which is what the Functions ASP.NET Core integration executes, and needs no MVC formatters, so it
/// behaves the same under the Functions host and in local mode.
/// </summary>
public sealed class ApiResult(int statusCode, object body, JsonTypeInfo typeInfo, string contentType = "application/json; charset=utf-8") : IActionResult
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public int StatusCode { get; } = statusCode;

    public object Body { get; } = body;

    public ApiResult WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = contentType;
        foreach (var (name, value) in _headers)
        {
            response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(response.Body, Body, typeInfo, context.HttpContext.RequestAborted);
    }

    public static ApiResult Json<T>(int statusCode, T body, JsonTypeInfo<T> typeInfo)
        where T : notnull => new(statusCode, body, typeInfo);
}
