//! The solver on the default (embedded) network: properties any realistic
//! network of the North must have, whatever its exact data.

use railshed_core::{StationIdx, Time, Timetable, TripIdx};
use railshed_solver::{Leg, MatrixSpec, Options, Solver, Source, Stat, Window};

fn default_timetable() -> Timetable {
    railshed_io::embedded::default_network().expect("the default network loads").compile()
}

fn station(tt: &Timetable, id: &str) -> StationIdx {
    StationIdx::new(tt.stations.iter().position(|s| s.id == id).unwrap_or_else(|| panic!("no station {id}")))
}

/// Stations with a regular service: at least four trains a day to board and
/// four to alight from. (A station with one train a day, such as Heysham
/// Port, cannot reach the far side of the North on the same day.)
fn served(tt: &Timetable) -> Vec<StationIdx> {
    let (mut board, mut alight) = (vec![0; tt.stations.len()], vec![0; tt.stations.len()]);
    for t in 0..tt.trips.len() {
        let st = tt.stop_times_of(TripIdx::new(t));
        for (i, c) in st.iter().enumerate() {
            board[c.station.idx()] += usize::from(c.pickup && i + 1 < st.len());
            alight[c.station.idx()] += usize::from(c.dropoff && i > 0);
        }
    }
    (0..tt.stations.len()).filter(|&s| board[s] >= 4 && alight[s] >= 4).map(StationIdx::new).collect()
}

#[test]
fn every_served_station_reaches_every_other_within_the_day() {
    let tt = default_timetable();
    let solver = Solver::new(&tt);
    let mut scratch = solver.scratch();
    let served = served(&tt);
    assert!(served.len() * 10 >= tt.stations.len() * 9, "nine stations in ten have a regular service");
    for &from in &served {
        let res = solver
            .earliest_arrival(
                &mut scratch,
                &[Source { station: from, time: Time::MIDNIGHT }],
                Options::default(),
            )
            .unwrap();
        for &to in &served {
            let a = res.arrival(to);
            assert!(
                a != Time::NEVER && a <= Time::MAX_SERVICE,
                "{} does not reach {} within the day",
                tt.stations[from.idx()].id,
                tt.stations[to.idx()].id
            );
            let j = res.journey(to).expect("a reachable station has a journey");
            assert_eq!(j.arrival, a);
            assert_eq!(Some(j.boardings), res.boardings(to));
        }
    }
}

#[test]
fn leeds_to_manchester_piccadilly_at_eight() {
    let tt = default_timetable();
    let (lds, man) = (station(&tt, "LDS"), station(&tt, "MAN"));
    let depart = Time::hms(8, 0, 0);
    let solver = Solver::new(&tt);
    let mut scratch = solver.scratch();
    let res = solver
        .earliest_arrival(&mut scratch, &[Source { station: lds, time: depart }], Options::default())
        .unwrap();
    let arrival = res.arrival(man);
    assert_ne!(arrival, Time::NEVER, "Leeds reaches Manchester Piccadilly");
    let journey = res.journey(man).unwrap();
    assert!(journey.departure >= depart && journey.legs.first().is_some_and(|l| l.departure() >= depart));

    // Direct trains: (departure from Leeds, arrival at Piccadilly).
    let mut direct: Vec<(u32, u32)> = Vec::new();
    for t in 0..tt.trips.len() {
        let st = tt.stop_times_of(TripIdx::new(t));
        let board = st.iter().position(|c| c.station == lds && c.pickup);
        let alight = st.iter().rposition(|c| c.station == man && c.dropoff);
        if let (Some(b), Some(a)) = (board, alight)
            && b < a
        {
            direct.push((st[b].dep.0, st[a].arr.0));
        }
    }
    direct.sort_unstable();
    if direct.is_empty() {
        // A network without a direct train (the placeholder network): the
        // journey is no longer than the best one-train journey.
        let mut scratch1 = solver.scratch();
        let one = solver
            .earliest_arrival(
                &mut scratch1,
                &[Source { station: lds, time: depart }],
                Options::with_max_boardings(1),
            )
            .unwrap();
        assert!(arrival <= one.arrival(man));
        assert!(journey.legs.iter().any(|l| matches!(l, Leg::Ride { .. })));
        return;
    }
    let fastest = direct.iter().map(|&(d, a)| a - d).min().unwrap();
    // One headway: the longest gap between direct departures around 08:00.
    let next = direct.iter().position(|&(d, _)| d >= depart.0).expect("a direct train after 08:00");
    let before = next.checked_sub(1).map_or(depart.0, |i| direct[i].0);
    let headway = direct[next].0 - before;
    assert!(
        arrival.0 - depart.0 <= fastest + headway,
        "Leeds → Manchester Piccadilly at 08:00 takes {} s; fastest direct {} s + headway {} s",
        arrival.0 - depart.0,
        fastest,
        headway
    );
}

#[test]
fn the_default_network_matrix_is_the_same_on_one_and_two_threads() {
    let tt = default_timetable();
    let solver = Solver::new(&tt);
    let spec = MatrixSpec {
        origins: (0..tt.stations.len()).map(StationIdx::new).collect(),
        window: Window::new(Time::hms(7, 0, 0), Time::hms(9, 0, 0)),
        stats: vec![
            Stat::Percentile(10.0),
            Stat::Percentile(50.0),
            Stat::Percentile(90.0),
            Stat::Mean,
            Stat::Best,
        ],
        options: Options::default(),
        boardings: false,
    };
    let run = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| solver.matrix(&spec, &|_| {}))
    };
    let one = run(1).unwrap();
    assert_eq!(one, run(2).unwrap());
    // The diagonal is zero and the best never exceeds the median.
    for (row, &o) in spec.origins.iter().enumerate() {
        assert_eq!(one.get(row, 4, o), Some(0));
        for d in 0..tt.stations.len() {
            let d = StationIdx::new(d);
            if let (Some(best), Some(median)) = (one.get(row, 4, d), one.get(row, 1, d)) {
                assert!(best <= median);
            }
        }
    }
}
