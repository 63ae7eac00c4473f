namespace Survival.Core.Parametric;

/// <summary>
/// One observation's log-likelihood term and its first and second derivatives in the local parameters the family
/// works in: η (the linear predictor) and up to two ancillary parameters θ₁, θ₂ of the observation's stratum.
/// </summary>
/// <remarks>
/// For the log-location-scale families η is the location of log T, θ₁ = log σ and, for the generalized gamma, θ₂ = Q;
/// for the Gompertz η = log b and θ₁ = a. The likelihood turns these into the score and information of β by
/// ∂/∂β = x·∂/∂η.
/// </remarks>
internal struct LocalTerm
{
    public double Value;
    public double E, A, B;
    public double EE, EA, EB, AA, AB, BB;

    public static LocalTerm operator -(LocalTerm t) => new()
    {
        Value = -t.Value, E = -t.E, A = -t.A, B = -t.B,
        EE = -t.EE, EA = -t.EA, EB = -t.EB, AA = -t.AA, AB = -t.AB, BB = -t.BB,
    };

    public static LocalTerm operator +(LocalTerm x, LocalTerm y) => new()
    {
        Value = x.Value + y.Value, E = x.E + y.E, A = x.A + y.A, B = x.B + y.B,
        EE = x.EE + y.EE, EA = x.EA + y.EA, EB = x.EB + y.EB, AA = x.AA + y.AA, AB = x.AB + y.AB, BB = x.BB + y.BB,
    };

    /// <summary>log of a positive quantity D whose value and derivatives these are: ∇log D = ∇D/D, ∇²log D = ∇²D/D − ∇log D ∇log D'.</summary>
    public readonly LocalTerm Log()
    {
        var inverse = 1 / Value;
        double e = E * inverse, a = A * inverse, b = B * inverse;
        return new LocalTerm
        {
            Value = Math.Log(Value), E = e, A = a, B = b,
            EE = EE * inverse - e * e, EA = EA * inverse - e * a, EB = EB * inverse - e * b,
            AA = AA * inverse - a * a, AB = AB * inverse - a * b, BB = BB * inverse - b * b,
        };
    }

    /// <summary>exp of the quantity: ∇e^g = e^g∇g, ∇²e^g = e^g(∇²g + ∇g∇g').</summary>
    public readonly LocalTerm Exp()
    {
        var v = Math.Exp(Value);
        return new LocalTerm
        {
            Value = v, E = v * E, A = v * A, B = v * B,
            EE = v * (EE + E * E), EA = v * (EA + E * A), EB = v * (EB + E * B),
            AA = v * (AA + A * A), AB = v * (AB + A * B), BB = v * (BB + B * B),
        };
    }
}
