"""Live practice: a pitch streamed over a WebSocket, transcribed and scored while it is said.

protocol.py   frames, close codes and the messages of refusals
streaming.py  rolling-window transcription with a committed prefix (LocalAgreement)
checklist.py  incremental scoring of the committed text: covered / phrase / pace events
capacity.py   how many live takes this process holds, one per rep
recording.py  the take's audio (PCM or MediaRecorder WebM) and storing it as an attempt
socket.py     the WebSocket endpoint that ties them together
"""
