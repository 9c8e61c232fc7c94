//! Every page as a lazily loaded route. Built with `cargo leptos build --split`, each page's
//! code is its own WASM chunk: the browser fetches the shell and the page it is on (the server
//! names that page's chunk in the head, so it loads beside the main module), and the other
//! pages' chunks only when the player goes there.

use super::{
    compare::ComparePage,
    history::HistoryPage,
    home::HomePage,
    results::{cancel::CancelPage, ResultsPage},
    rotations::{new::NewRotationPage, page::RotationPage, RotationsPage},
    share::SharePage,
    simulate::SimulatePage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route type for a page component; the page itself reads its parameters and loads its data.
macro_rules! lazy_page {
    ($($(#[$doc:meta])* $route:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_page! {
    /// `/`: the home page.
    HomeRoute => HomePage;
    /// `/simulate`: the simulation form.
    SimulateRoute => SimulatePage;
    /// `/simulate/history`: the player's history.
    HistoryRoute => HistoryPage;
    /// `/simulate/compare`: two or more results side by side.
    CompareRoute => ComparePage;
    /// `/simulate/results/:id`: a job, live or finished.
    ResultsRoute => ResultsPage;
    /// `/simulate/results/:id/cancel`: the no-JavaScript cancel confirmation.
    CancelRoute => CancelPage;
    /// `/rotations`: saved rotations.
    RotationsRoute => RotationsPage;
    /// `/rotations/new`: a new rotation in the editor.
    NewRotationRoute => NewRotationPage;
    /// `/rotations/:id`: one rotation in the editor.
    RotationRoute => RotationPage;
    /// `/s/:token`: a shared result.
    ShareRoute => SharePage;
}
