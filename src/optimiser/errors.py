"""Typed errors of the grouping engine (networkx style: one base class, specific subclasses)."""


class OptimiserError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidInput(OptimiserError, ValueError):
    """The input is malformed: wrong sizes, unknown ids, a bad file line. The message says where."""


class Infeasible(OptimiserError):
    """No assignment satisfies the hard constraints (sizes, fixed seats, forbidden pairs)."""
