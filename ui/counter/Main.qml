import QtQuick
import QtQuick.Layouts
import "."

// The counter window (1920x1080): the sign-in screen, or the desk once someone signed in.
// Presentation only; every decision is in the Python view models.
Window {
    id: root
    required property QtObject sessionVm
    required property QtObject signInVm
    required property QtObject todayVm
    required property QtObject caseVm
    required property QtObject statusVm
    required property QtObject conflictsVm
    required property QtObject fleetVm
    required property QtObject walkInVm
    required property QtObject formsVm
    required property QtObject snippetsVm
    required property QtObject languageVm
    property string officeName

    width: 1920
    height: 1080
    visible: true
    color: CounterStyle.background
    title: qsTr("Counter") + " · " + officeName

    Loader {
        id: screen
        objectName: "counter_screen"
        anchors.fill: parent
        sourceComponent: root.sessionVm.screen === "desk" ? deskScreen : signInScreen
        onLoaded: item.forceActiveFocus()
    }

    Component {
        id: signInScreen
        SignInScreen {
            signInVm: root.signInVm
            sessionVm: root.sessionVm
            languageVm: root.languageVm
            statusVm: root.statusVm
            officeName: root.officeName
        }
    }
    Component {
        id: deskScreen
        DeskScreen {
            sessionVm: root.sessionVm
            todayVm: root.todayVm
            caseVm: root.caseVm
            statusVm: root.statusVm
            conflictsVm: root.conflictsVm
            fleetVm: root.fleetVm
            walkInVm: root.walkInVm
            formsVm: root.formsVm
            snippetsVm: root.snippetsVm
            languageVm: root.languageVm
            officeName: root.officeName
        }
    }
}
