namespace Survival.Core;

/// <summary>
/// An input breaks one of the engine's rules (<see cref="InputRules"/>): the one exception Core and the plotting library
/// throw for bad input, naming the input and what is allowed, so that a transport layer can report the field.
/// </summary>
public sealed class InputRuleException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="input"/>, which must be as <paramref name="requirement"/> says.</summary>
    /// <param name="input">The input, as the engine's caller names it (for example <c>reference_group</c> or <c>times[3]</c>).</param>
    /// <param name="requirement">What is allowed, phrased to follow the input's name.</param>
    public InputRuleException(string input, string requirement)
        : base($"{input} {requirement}", input)
    {
        Input = input;
        Requirement = requirement;
    }

    /// <summary>The input that breaks the rule.</summary>
    public string Input { get; }

    /// <summary>What the input must be.</summary>
    public string Requirement { get; }
}
