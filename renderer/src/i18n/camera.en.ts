import type { cameraZhCN } from './camera.zh-CN.ts';

/** English for the cameras; same keys as zh-CN (the type makes a missing key a build error). */
export const cameraEn: Record<keyof typeof cameraZhCN, string> = {
  'camera.face.consent.title': 'Before the face check, please read and agree separately',
  'camera.face.consent.what':
    'What: an image of your face and the face template computed from it. Both are sensitive personal information.',
  'camera.face.consent.why':
    'Why: to check that it is you applying for "{matter}". Only the template is sent to the government service platform for comparison, never the image.',
  'camera.face.consent.keep':
    'How long: the face image is kept only on this kiosk, encrypted, and deleted as soon as this visit ends or times out.',
  'camera.face.consent.who': 'Who processes it: {site} (the accepting department).',
  'camera.face.consent.alternative':
    'You can still apply without agreeing: staff can check your identity in person.',
  'camera.face.consent.rights': 'You can withdraw at any time; what was captured is deleted at once.',
  'camera.face.consent.tick': 'I have read the above and separately agree to the capture of my face',
  'camera.face.consent.agree': 'Agree and start',
  'camera.face.consent.refuse': 'Do not agree: staff check instead',
  'camera.face.starting': 'Opening the camera…',
  'camera.face.loading': 'Preparing face recognition…',
  'camera.guide.no-face': 'Face the screen and keep your face inside the frame',
  'camera.guide.closer': 'Please come a little closer',
  'camera.guide.center': 'Face the screen and move to the middle of the frame',
  'camera.guide.hold': 'Please hold still',
  'camera.guide.blink': 'Please blink',
  'camera.guide.turn': 'Please turn your head slowly left or right',
  'camera.guide.done': 'Done, checking…',
  'camera.guide.timeout': 'The requested movement was not seen',
  'camera.face.progress': 'Movement {n}/{count}',
  'camera.face.verifying': 'Checking, please wait…',
  'camera.face.noMatch':
    'The face does not match the ID card. Try again, or ask staff to check your identity.',
  'camera.face.pending':
    'The network is down: the liveness check passed; the face comparison will be completed once online (pending verification).',
  'camera.face.pendingStaff':
    'The network is down and the face cannot be compared. For this matter staff must check your identity.',
  'camera.face.notConfigured': 'This kiosk has no face comparison service; staff will check your identity.',
  'camera.face.notConfiguredPending':
    'The liveness check passed. This kiosk cannot compare your face now; staff will verify it at acceptance (pending verification).',
  'camera.face.failed': 'The liveness check did not pass. Remove hat or mask and try again in good light.',
  'camera.face.pendingDone': 'Recorded: face pending verification',
  'camera.face.retry': 'Try again',
  'camera.face.continue': 'Continue',
  'camera.face.noCamera': 'The camera cannot be used on this kiosk right now.',
  'camera.err.missing': 'No camera found.',
  'camera.err.busy': 'The camera is in use by another program. Please try again later.',
  'camera.err.denied': 'Camera access is not allowed. Please ask staff.',
  'camera.err.virtual': 'A virtual camera was detected and refused to protect your identity.',
  'camera.err.failed': 'The camera could not be opened.',
  'camera.err.engine': 'Face recognition could not be loaded; staff will check your identity.',
  'camera.err.noConsent': 'Without your consent no face data can be captured.',
  'camera.err.noSession': 'This visit has ended. Please start again.',
  'camera.err.tooLarge': 'The photo is too large. Please retake it.',
  'camera.err.badImage': 'The photo is incomplete. Please retake it.',
  'camera.err.gone': 'The photo was deleted.',
  'camera.err.liveness': 'The liveness check was not completed. Please try again.',
  'camera.err.noIdentity': 'Please read your ID card first.',
  'camera.doc.title': 'Photograph: {name}',
  'camera.doc.hint':
    'Lay the document flat inside the frame and hold still; the photo is taken automatically',
  'camera.doc.noPage': 'No page found. Place the document inside the frame',
  'camera.doc.hold': 'Hold still…',
  'camera.doc.blurry': 'Not sharp yet, waiting for focus',
  'camera.doc.captured': 'Page {n} taken',
  'camera.doc.shoot': 'Take photo',
  'camera.doc.retake': 'Retake',
  'camera.doc.more': 'Next page',
  'camera.doc.done': 'Done',
  'camera.doc.cancel': 'Cancel',
  'camera.doc.pages': '{n} page(s) taken',
  'camera.doc.saving': 'Saving…',
  'camera.doc.open': 'Take photo',
  'camera.doc.page': 'Page {n}',
};
