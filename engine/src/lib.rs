//! rotasim-engine: the discrete-event combat simulator.
