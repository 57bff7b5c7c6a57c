//! Scenario sweeps: one scenario's modifications with some of their values
//! varied, each combination a variant.
//!
//! A [`Sweep`] names places in a scenario's own modifications
//! ([`Parameter`]: the modification's position and a [`Field`] of it) and
//! lists the variants, each a value per parameter. [`grid`] makes the
//! variants of a cartesian product in the documented order (the first
//! parameter varies slowest, the last fastest, each in the order of its
//! values). [`Field::set`] gives a modification with a value put in place.

use crate::modify::Modification;

/// The most variants a sweep may have.
pub const MAX_VARIANTS: usize = 100_000;

/// What a parameter changes in a modification.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// The trains per hour of a `change_frequency`.
    Tph,
    /// The factor of a `change_running_times` that scales running times.
    Factor,
    /// Whether the modification is made at all (any type).
    Enabled,
}

impl Field {
    /// Every field, in the order documented.
    pub const ALL: [Field; 3] = [Field::Tph, Field::Factor, Field::Enabled];

    /// Its name in a sweep file.
    pub fn id(self) -> &'static str {
        match self {
            Field::Tph => "tph",
            Field::Factor => "factor",
            Field::Enabled => "enabled",
        }
    }

    /// The field named `id`.
    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The values it takes, for messages.
    pub fn takes(self) -> &'static str {
        match self {
            Field::Tph => "a number of trains per hour above 0, at most 60",
            Field::Factor => "a factor above 0, at most 10",
            Field::Enabled => "true or false",
        }
    }

    /// Whether `v` is a value of this field.
    pub fn accepts(self, v: Value) -> bool {
        match (self, v) {
            (Field::Tph, Value::Number(x)) => x.is_finite() && x > 0.0 && x <= 60.0,
            (Field::Factor, Value::Number(x)) => x.is_finite() && x > 0.0 && x <= 10.0,
            (Field::Enabled, Value::Enabled(_)) => true,
            _ => false,
        }
    }

    /// Whether a modification has this field.
    pub fn applies_to(self, m: &Modification) -> bool {
        match self {
            Field::Tph => matches!(m, Modification::ChangeFrequency { .. }),
            Field::Factor => matches!(m, Modification::ScaleRunningTimes { .. }),
            Field::Enabled => true,
        }
    }

    /// `m` with the value `v` in this field; none for a modification
    /// switched off (`enabled` false), or when the field is not one of
    /// `m`'s or `v` not one of its values.
    pub fn set(self, m: &Modification, v: Value) -> Option<Modification> {
        if !self.accepts(v) {
            return None;
        }
        match (self, m, v) {
            (Field::Tph, Modification::ChangeFrequency { line, window, .. }, Value::Number(tph)) => {
                Some(Modification::ChangeFrequency { line: line.clone(), tph, window: *window })
            }
            (Field::Factor, Modification::ScaleRunningTimes { line, .. }, Value::Number(factor)) => {
                Some(Modification::ScaleRunningTimes { line: line.clone(), factor })
            }
            (Field::Enabled, m, Value::Enabled(true)) => Some(m.clone()),
            _ => None,
        }
    }
}

/// A value of a parameter.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Value {
    /// A number (`tph`, `factor`).
    Number(f64),
    /// On or off (`enabled`).
    Enabled(bool),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(x) => write!(f, "{x}"),
            Value::Enabled(b) => write!(f, "{b}"),
        }
    }
}

/// One place a sweep varies.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Its name (a column of the results).
    pub name: String,
    /// The position of the modification in the scenario file's own
    /// `modifications` (from 0; its parents' are not counted).
    pub modification: usize,
    /// What it changes there.
    pub field: Field,
}

/// The parameters of a sweep and its variants.
#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    /// The parameters, in the order of the file.
    pub parameters: Vec<Parameter>,
    /// The variants, in order: one value per parameter, in the order of
    /// `parameters`.
    pub variants: Vec<Vec<Value>>,
}

/// The number of variants of the grid of `counts` values per parameter,
/// if at most [`MAX_VARIANTS`].
pub fn grid_size(counts: &[usize]) -> Option<usize> {
    counts.iter().try_fold(1usize, |n, &c| n.checked_mul(c)).filter(|&n| n <= MAX_VARIANTS)
}

/// The cartesian product of each parameter's values: the first parameter
/// varies slowest, the last fastest, each in the order of its values (as
/// nested loops in the order the parameters are written).
pub fn grid(values: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for vs in values {
        out = out
            .iter()
            .flat_map(|prefix| vs.iter().map(move |v| [prefix.as_slice(), &[*v]].concat()))
            .collect();
    }
    if values.is_empty() { Vec::new() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_varies_the_last_parameter_fastest() {
        let n = |x: f64| Value::Number(x);
        let g = grid(&[vec![n(1.0), n(2.0)], vec![n(10.0), n(20.0), n(30.0)]]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], [n(1.0), n(10.0)]);
        assert_eq!(g[1], [n(1.0), n(20.0)]);
        assert_eq!(g[3], [n(2.0), n(10.0)]);
        assert_eq!(g[5], [n(2.0), n(30.0)]);
        assert!(grid(&[]).is_empty());
        assert_eq!(grid_size(&[2, 3]), Some(6));
        assert_eq!(grid_size(&[1000, 101]), None);
        assert_eq!(grid_size(&[usize::MAX, 2]), None);
    }

    #[test]
    fn fields_put_values_in_place_or_switch_a_modification_off() {
        let freq = Modification::ChangeFrequency { line: "x".into(), tph: 4.0, window: None };
        assert_eq!(
            Field::Tph.set(&freq, Value::Number(6.0)),
            Some(Modification::ChangeFrequency { line: "x".into(), tph: 6.0, window: None })
        );
        assert_eq!(Field::Tph.set(&freq, Value::Number(61.0)), None);
        assert_eq!(Field::Factor.set(&freq, Value::Number(0.9)), None);
        assert!(!Field::Factor.applies_to(&freq));
        assert_eq!(Field::Enabled.set(&freq, Value::Enabled(true)), Some(freq.clone()));
        assert_eq!(Field::Enabled.set(&freq, Value::Enabled(false)), None);
        let scale = Modification::ScaleRunningTimes { line: "x".into(), factor: 0.9 };
        assert_eq!(
            Field::Factor.set(&scale, Value::Number(0.8)),
            Some(Modification::ScaleRunningTimes { line: "x".into(), factor: 0.8 })
        );
        assert_eq!(Field::from_id("tph"), Some(Field::Tph));
        assert_eq!(Field::from_id("trains"), None);
    }
}
