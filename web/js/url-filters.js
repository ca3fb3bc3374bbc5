// url-filters.js — a list page whose filters live in the address (the archive, the advice
// tracker): sending the form adds a history entry, "clear" empties it, the back button
// shows the earlier choice again, and a shared link opens with the same filters.

// {form, clear, resultsTitle, focusAfterClear, empty: the state of a cleared form,
//  stateFromUrl(), readForm(), fillForm(state), urlFor(state) → URL, run(state) → Promise}
export function bindUrlFilters(page) {
  page.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const state = page.readForm();
    const url = page.urlFor(state);
    if (url.href !== location.href) history.pushState(null, '', url);
    page.run(state).then(() => {
      // On a phone the form fills the screen: bring the list up (the focus stays put).
      if (page.resultsTitle.getBoundingClientRect().top > window.innerHeight * 0.8) {
        page.resultsTitle.scrollIntoView({ block: 'start' });
      }
    });
  });
  page.clear.addEventListener('click', () => {
    const state = { ...page.empty };
    page.fillForm(state);
    history.pushState(null, '', page.urlFor(state));
    page.run(state);
    page.focusAfterClear.focus();
  });
  window.addEventListener('popstate', () => {
    const state = page.stateFromUrl();
    page.fillForm(state);
    page.run(state);
  });
}

// The council <select> of such a form: its first option ("all") kept, then the councils;
// @names (Map slug → name) is filled for the list's own use. A council chosen in the
// address that no longer exists stays chosen, so the (empty) result explains itself.
export function fillCouncilSelect(select, councils, names) {
  const selected = select.value;
  const options = [select.options[0]];
  for (const council of councils) {
    if (typeof council?.slug !== 'string') continue;
    names.set(council.slug, council.name || council.slug);
    options.push(new Option(council.name || council.slug, council.slug));
  }
  select.replaceChildren(...options);
  if (selected && !names.has(selected)) select.append(new Option(selected, selected));
  select.value = selected;
}
