using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Suggestions.Common;

namespace Suggestions.Review;

public static class StaffRoles
{
    public const string Clerk = "clerk";
    public const string Reviewer = "reviewer";
    public const string Official = "official";
    public const string Admin = "admin";
}

/// <summary>
/// Authenticates the bearer token and checks the role inside the function, so the same check runs under
/// the Functions host (where ASP.NET Core authorization middleware does not run) and in local mode.
/// Tokens: <c>dotnet user-jwts</c> locally, Microsoft Entra ID app roles in Azure.
/// </summary>
public static class StaffAuthorization
{
    /// <summary>Null when the caller holds one of <paramref name="roles"/>; otherwise the 401/403 to return.</summary>
    public static async Task<IActionResult?> RequireAsync(HttpRequest request, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(roles);
        var result = await request.HttpContext.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            return Problems.Unauthorized();
        }

        request.HttpContext.User = result.Principal;
        return roles.Any(result.Principal.IsInRole) ? null : Problems.Forbidden();
    }
}
