using System.Text;
using Suggestions.Cli;

// Chinese text in and out whatever the terminal's locale says.
Console.InputEncoding = Encoding.UTF8;
Console.OutputEncoding = new UTF8Encoding(false);

return args.Length == 0 ? Usage() : args[0] switch
{
    "classify" => ClassifyCommand.Run(CommandLine.Parse(args[1..])),
    "evaluate" => EvaluateCommand.Run(CommandLine.Parse(args[1..])),
    "cv" => TrainCommand.CrossValidate(CommandLine.Parse(args[1..])),
    "holdout" => TrainCommand.HoldOut(CommandLine.Parse(args[1..])),
    "train" => await TrainCommand.RunAsync(CommandLine.Parse(args[1..])).ConfigureAwait(false),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: suggestions <verb> [options]
          classify [--model FILE]                 JSON Lines {id,title,text} on stdin → one answer per line on stdout
          evaluate --data FILE|DIR [--model FILE] [--baseline keyword] [--show-errors N]
          train    --out FILE|DIR [--data DIR] [--corrections] [--storage CONNECTION_STRING]
                   [--algorithm ensemble|logistic-regression|naive-bayes] [--folds N]
                   [--regularization L2[,L2...]] [--hint-regularization L2] [--nb-mix X] [--nb-alpha A]
                   [--min-df N] [--lexicon-scale X] [--also-share S] [--seed N]
          cv       [--data DIR] [training options as for train] [--verbose]   out-of-fold figures of the category model
          holdout  --batches PREFIX [--data DIR] [training options as for train]
                   every corpus batch named PREFIX… classified by a full model trained without it
        """);
    return 2;
}
