"""The local web page (`yusuan serve`): fill the figures in a form, see the checks live, download the draft.

app.py holds the routes, form.py turns the catalogue into the form, security.py decides who may
use it, server.py runs it, static/ is the page itself (plain HTML, CSS and JavaScript, no build
step, nothing fetched from the Internet). Flask is imported only when the page is served.
"""
