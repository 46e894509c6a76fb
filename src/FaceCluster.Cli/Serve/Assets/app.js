// The face actions stay disabled until a face is ticked, so "Not this person" cannot be sent with nothing selected.
document.querySelectorAll("form.faces-form").forEach(form => {
    const buttons = form.querySelectorAll("button[name=action]");
    const update = () => buttons.forEach(b => b.disabled = form.querySelectorAll("input[name=face]:checked").length === 0);
    form.addEventListener("change", update);
    update();
});
