using System.Globalization;
using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Suggestions.Hosting.Local;

/// <summary>What local mode hands a function for one invocation.</summary>
public sealed record InvocationInput(
    IServiceProvider Services,
    CancellationToken CancellationToken,
    HttpContext? Http = null,
    string? QueueMessageText = null,
    QueueMessage? QueueMessage = null,
    TimerInfo? Timer = null);

/// <summary>
/// Calls a function method named by its metadata entry point, the way the worker does: a new instance of
/// the function class per invocation with constructor dependencies from the container, parameters bound
/// from the trigger. Binding is planned once at start-up, so an unsupported parameter fails start-up, not
/// a citizen's request.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly MethodInfo _method;
    private readonly Func<InvocationInput, object?>[] _arguments;
    private readonly ObjectFactory? _factory;

    public FunctionInvoker(FunctionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
        var split = metadata.EntryPoint.LastIndexOf('.');
        var typeName = metadata.EntryPoint[..split];
        var methodName = metadata.EntryPoint[(split + 1)..];
        var assemblyName = Path.GetFileNameWithoutExtension(metadata.ScriptFile);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName)
            ?? Assembly.Load(new AssemblyName(assemblyName));
        var type = assembly.GetType(typeName, throwOnError: true)!;
        _method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Function {metadata.Name}: method {metadata.EntryPoint} not found.");
        _factory = _method.IsStatic ? null : ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        var trigger = metadata.Trigger ?? throw new InvalidOperationException($"Function {metadata.Name} has no trigger binding.");
        _arguments = [.. _method.GetParameters().Select(p => PlanArgument(metadata, trigger, p))];
    }

    public FunctionMetadata Metadata { get; }

    public async Task<object?> InvokeAsync(InvocationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var instance = _factory?.Invoke(input.Services, null);
        try
        {
            var arguments = new object?[_arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = _arguments[i](input);
            }

            object? result;
            try
            {
                result = _method.Invoke(instance, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            return await Unwrap(result);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Runs an HTTP function and writes its <see cref="IActionResult"/>, as the ASP.NET Core integration does.</summary>
    public async Task InvokeHttpAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await InvokeAsync(new InvocationInput(context.RequestServices, context.RequestAborted, Http: context));
        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await context.Response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted);
                break;
        }
    }

    private static async Task<object?> Unwrap(object? result)
    {
        switch (result)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } property && property.PropertyType.Name != "VoidTaskResult"
                    ? property.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return result;
        }
    }

    private static Func<InvocationInput, object?> PlanArgument(FunctionMetadata metadata, BindingMetadata trigger, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return input => input.CancellationToken;
        }

        if (type == typeof(FunctionContext))
        {
            throw Unsupported(metadata, parameter, "local mode does not supply a FunctionContext; take the values the function needs as parameters or services");
        }

        switch (trigger.Type.ToLowerInvariant())
        {
            case "httptrigger":
                if (type == typeof(HttpRequest))
                {
                    return input => input.Http!.Request;
                }

                if (type == typeof(HttpContext))
                {
                    return input => input.Http;
                }

                // Route parameters bind by name, as in the worker.
                var name = parameter.Name!;
                return input => Convert(input.Http!.GetRouteValue(name)?.ToString(), type, metadata, parameter);

            case "queuetrigger":
                if (parameter.Name == trigger.Name)
                {
                    if (type == typeof(string))
                    {
                        return input => input.QueueMessageText;
                    }

                    if (type == typeof(BinaryData))
                    {
                        return input => BinaryData.FromString(input.QueueMessageText!);
                    }

                    if (type == typeof(QueueMessage))
                    {
                        return input => input.QueueMessage;
                    }

                    throw Unsupported(metadata, parameter, "bind the queue message as string, BinaryData or QueueMessage");
                }

                // Trigger metadata the worker also binds by name.
                return parameter.Name?.ToLowerInvariant() switch
                {
                    "id" => input => input.QueueMessage!.MessageId,
                    "dequeuecount" => input => System.Convert.ChangeType(input.QueueMessage!.DequeueCount, type, CultureInfo.InvariantCulture),
                    "insertiontime" => input => input.QueueMessage!.InsertedOn,
                    "expirationtime" => input => input.QueueMessage!.ExpiresOn,
                    "popreceipt" => input => input.QueueMessage!.PopReceipt,
                    _ => throw Unsupported(metadata, parameter, "not a queue trigger value"),
                };

            case "timertrigger":
                if (type == typeof(TimerInfo))
                {
                    return input => input.Timer;
                }

                throw Unsupported(metadata, parameter, "timer functions take TimerInfo");

            default:
                throw new NotSupportedException($"Function {metadata.Name}: local mode does not run '{trigger.Type}' triggers.");
        }
    }

    private static object? Convert(string? value, Type type, FunctionMetadata metadata, ParameterInfo parameter)
    {
        if (value is null || type == typeof(string))
        {
            return value;
        }

        try
        {
            return System.Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            throw new BadHttpRequestException($"Route value '{parameter.Name}' of {metadata.Name} is not a valid {type.Name}.", StatusCodes.Status400BadRequest, e);
        }
    }

    private static NotSupportedException Unsupported(FunctionMetadata metadata, ParameterInfo parameter, string why) =>
        new($"Function {metadata.Name}, parameter '{parameter.Name}' ({parameter.ParameterType.Name}): {why}.");
}
