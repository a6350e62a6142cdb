"""The board: the HTML pages people use at `/`, a client of the same workflows as the API.

Pages build the same commands and call the same workflow handlers as the JSON routes;
what a page offers follows `drafts.access`, and the server still decides every request.
"""
