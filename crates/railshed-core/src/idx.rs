//! Dense `u32` newtype indices.
//!
//! Everything inside railshed is addressed by these; string ids exist only at
//! the IO edge and in the name tables.

macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
        pub struct $name(pub u32);

        impl $name {
            /// The index for position `i` of its table.
            ///
            /// # Panics
            /// If `i` does not fit in a `u32`; tables are bounded well below that.
            #[inline]
            pub fn new(i: usize) -> Self {
                Self(u32::try_from(i).expect(concat!(stringify!($name), " overflow")))
            }

            /// The position in its table.
            #[inline]
            pub const fn idx(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// A station: an index into [`crate::Network::stations`] and
    /// [`crate::Timetable::stations`], and the node index of the track graph.
    StationIdx
);
index_type!(
    /// A line of a compiled [`crate::Timetable`].
    LineIdx
);
index_type!(
    /// A trip of a compiled [`crate::Timetable`].
    TripIdx
);
index_type!(
    /// A scheme tag (existing, hs2-phase1, npr-tfn, ...) of a [`crate::Network`].
    TagIdx
);
